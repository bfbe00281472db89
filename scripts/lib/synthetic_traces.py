"""Synthetic text-editing traces with known shapes, for `scripts/bench crdt` beside the recorded ones.

Usage: synthetic_traces.py OUT_DIR [--seed 1] [--scale 1.0] [--only NAME,...]
Writes `synthetic-<shape>.json.gz` per shape into OUT_DIR, in the formats of Tests/Traces/README.md
(positions and delete counts in Unicode scalars). A file that already holds the same shape, seed,
scale and generator version (the "generator" key, which the Swift loader and crdt_compare.py ignore)
is left alone. Each shape has its own random.Random, seeded from the shape's name and --seed, so
`--only` writes the same file as a full run. endContent is worked out while generating, by applying
every patch to a plain model of the text. --scale multiplies the patch counts (and scattered's
starting document).

The recorded traces are a few real sessions; these each push one pattern far enough that its cost
shows, on 200k-260k patches (scattered: 50k) of prose (a built-in word list, sentences,
paragraphs, and now and then é, ü, “ ”, — or an emoji, so scalar positions, UTF-16 and UTF-8
differ):

- typing-backspace-5: one long session typed a character per patch at a moving cursor (mostly
  writing on, now and then jumping elsewhere in the document), 5% of keystrokes single backspaces.
  The common case: runs of adjacent inserts that a CRDT should store as runs.
- typing-backspace-25: the same with 25% backspaces in bursts of 1-5 (a word deleted and typed
  again): runs broken up by many small tombstones.
- cut-paste: typing interleaved with moving blocks of 200-5000 characters (cut at one place, pasted
  at another) and some copies (a block pasted only): large deletes, and large inserts far from the
  cursor, so the history holds much text that is no longer visible.
- scattered: a ~100k-character starting document edited all over: every patch a 1-10 character
  insert, delete or replacement at a uniformly random place. No locality for position lookups or
  run merging to exploit. Only 50k patches: Yrs's local edits slow down as the text fragments
  (~7 ms a patch after 100k of these), and crdt_compare.py replays locally once (--no-local
  skips it); with 200k that one round took Yrs over 25 minutes. --scale 4 gives 200k (on a 400k-character start).
- undo-redo: typing with storms of undo/redo: a word inserted and deleted again and again, or a
  recent block deleted and put back at the same place again and again. The same text is
  re-inserted as new items each time, piling up tombstones in one spot.
- agents-4 (concurrent): 4 agents each typing in their own part of a shared document (a heading
  per part, which nobody deletes), each agent's txn on its own previous one, a full merge of the
  others' latest txns every 30-70 txns, and at some merges a small edit in another agent's part.
  Positions are in each agent's own view, which lags the others' parts: a CRDT has to map them.
  Edits to one part are never concurrent with each other (the owner's next txn takes in a
  visitor's edit before typing on, and nobody visits a part whose owner has not yet), so there are
  no concurrent inserts at one position and the merged text is the same in every CRDT: each part's
  final text, after its heading.
"""

import argparse
import gzip
import hashlib
import json
import os
import pathlib
import random
import sys
import time

GENERATOR_VERSION = 1

WORDS = (
    "the of and to a in is it you that he was for on are with as his they be at one have this from or "
    "had by word but what some we can out other were all there when up use your how said an each she "
    "which do their time if will way about many then them write would like so these her long make "
    "thing see him two has look more day could go come did number sound no most people my over know "
    "water than call first who may down side been now find any new work part take get place made live "
    "where after back little only round man year came show every good me give our under name very "
    "through just form sentence great think say help low line differ turn cause much mean before move "
    "right boy old too same tell does set three want air well also play small end put home read hand "
    "port large spell add even land here must big high such follow act why ask men change went light "
    "kind off need house picture try us again animal point mother world near build self earth father "
    "document replica merge history editor cursor paragraph draft version branch network offline sync "
    "café naïve über façade résumé jalapeño Zürich Ångström señor coöperate déjà"
).split()
EMOJI = ("🙂", "🚀", "👍", "🎉", "✨", "☕")
START_OF_TIME = 1_709_542_800  # 2024-03-04 09:00:00 UTC

# --- prose ------------------------------------------------------------------------------------------


class Prose:
    """An endless stream of sentences and paragraphs, taken a few characters at a time."""

    def __init__(self, rng):
        self.rng = rng
        self.buffer = ""
        self.at = 0

    def word(self):
        # Squaring skews the choice towards the front of the list, where the common words are.
        return WORDS[int(len(WORDS) * self.rng.random() ** 2)]

    def sentence(self):
        rng = self.rng
        words = [self.word() for _ in range(rng.randint(4, 18))]
        words[0] = words[0][0].upper() + words[0][1:]
        if len(words) > 6 and rng.random() < 0.08:  # a quoted phrase
            start = rng.randint(1, len(words) - 4)
            words[start] = "“" + words[start]
            words[start + 2] += "”"
        for index in range(1, len(words) - 1):
            if rng.random() < 0.06:
                words[index] += ","
            elif rng.random() < 0.01:
                words[index] += " —"
        text = " ".join(words) + rng.choice(".........?!")
        if rng.random() < 0.02:
            text += " " + rng.choice(EMOJI)
        ending = rng.random()
        return text + ("\n\n" if ending < 0.04 else "\n" if ending < 0.15 else " ")

    def take(self, count):
        while len(self.buffer) - self.at < count:
            self.buffer = self.buffer[self.at:] + self.sentence()
            self.at = 0
        text = self.buffer[self.at:self.at + count]
        self.at += count
        return text


# --- the text being edited --------------------------------------------------------------------------


class Document:
    """The text as a list of chunks: an edit copies one chunk rather than the whole text, and a
    position is found by walking chunk lengths from the chunk used last (edits are mostly local)."""

    def __init__(self, text="", chunk=1024):
        self.chunk = chunk
        self.chunks = [text[i:i + chunk] for i in range(0, len(text), chunk)] or [""]
        self.length = len(text)
        self.index = 0  # the chunk used last
        self.start = 0  # and its first position

    def _seek(self, position):
        """The chunk holding `position` (its end counts) and the chunk's first position."""
        chunks, index, start = self.chunks, self.index, self.start
        while position < start:
            index -= 1
            start -= len(chunks[index])
        while position > start + len(chunks[index]):
            start += len(chunks[index])
            index += 1
        self.index, self.start = index, start
        return index, start

    def _seek_inside(self, position):
        """Like _seek, but past a chunk's end to the next chunk, where text at `position` is."""
        index, start = self._seek(position)
        if position - start == len(self.chunks[index]) and index + 1 < len(self.chunks):
            start += len(self.chunks[index])
            index += 1
            self.index, self.start = index, start
        return index, start

    def insert(self, position, text):
        index, start = self._seek(position)
        offset = position - start
        chunk = self.chunks[index]
        chunk = chunk[:offset] + text + chunk[offset:]
        if len(chunk) > 2 * self.chunk:
            self.chunks[index:index + 1] = [chunk[i:i + self.chunk] for i in range(0, len(chunk), self.chunk)]
        else:
            self.chunks[index] = chunk
        self.length += len(text)

    def delete(self, position, count):
        """Removes `count` characters at `position`; returns them."""
        removed = []
        while count:
            index, start = self._seek_inside(position)
            chunk = self.chunks[index]
            offset = position - start
            taken = min(count, len(chunk) - offset)
            removed.append(chunk[offset:offset + taken])
            chunk = chunk[:offset] + chunk[offset + taken:]
            if chunk or len(self.chunks) == 1:
                self.chunks[index] = chunk
            else:
                del self.chunks[index]
                if index == len(self.chunks):  # it was the last chunk: step back onto the new last
                    self.index, self.start = index - 1, start - len(self.chunks[index - 1])
            count -= taken
            self.length -= taken
        return "".join(removed)

    def read(self, position, count):
        count = min(count, self.length - position)
        parts = []
        while count > 0:
            index, start = self._seek_inside(position)
            part = self.chunks[index][position - start:position - start + count]
            parts.append(part)
            position += len(part)
            count -= len(part)
        return "".join(parts)

    def text(self):
        return "".join(self.chunks)


def word_start(document, position):
    """The start of the word after `position` (or `position` itself if none begins soon)."""
    window = document.read(position, 40)
    for offset, character in enumerate(window):
        if character in " \n":
            return position + offset + 1
    return position


class Clock:
    """Transaction times: a fraction of a second per keystroke, with pauses now and then."""

    def __init__(self, rng, suffix):
        self.rng = rng
        self.suffix = suffix
        self.seconds = float(START_OF_TIME)
        self.second = None
        self.text = ""

    def next(self):
        self.seconds += self.rng.expovariate(8.0) + (self.rng.expovariate(1 / 60) if self.rng.random() < 0.002 else 0)
        if int(self.seconds) != self.second:
            self.second = int(self.seconds)
            self.text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(self.second)) + self.suffix
        return self.text


class SequentialTrace:
    """One author's txns, applied to a Document as they are recorded."""

    def __init__(self, rng, start=""):
        self.start = start
        self.document = Document(start, chunk=2048 if len(start) > 20000 else 1024)
        self.clock = Clock(rng, ".000Z")
        self.txns = []
        self.patches = []
        self.patch_count = 0

    def edit(self, position, delete, insert):
        """Applies and records one patch; returns the deleted text."""
        removed = self.document.delete(position, delete) if delete else ""
        if insert:
            self.document.insert(position, insert)
        self.patches.append([position, delete, insert])
        self.patch_count += 1
        return removed

    def commit(self):
        if self.patches:
            self.txns.append({"time": self.clock.next(), "patches": self.patches})
            self.patches = []

    def result(self):
        self.commit()
        return {"startContent": self.start, "endContent": self.document.text(), "txns": self.txns}


class Typist:
    """Someone typing at a cursor in `document`, through `edit(position, delete, insert)`: a character
    per keystroke, bursts of 1..burst_max backspaces (the deleted text then typed again) making up
    `backspace_share` of keystrokes, and now and then a jump to the end or to a random word."""

    def __init__(self, rng, document, edit, backspace_share, burst_max=1, jump_share=0.002):
        mean_burst = (1 + burst_max) / 2
        # A burst starts with this chance per keystroke that is not already a backspace, so that
        # backspaces are `backspace_share` of all keystrokes.
        self.burst_chance = backspace_share / (mean_burst - backspace_share * (mean_burst - 1))
        self.rng = rng
        self.prose = Prose(rng)
        self.document = document
        self.edit = edit
        self.burst_max = burst_max
        self.jump_share = jump_share
        self.cursor = document.length
        self.backspaces_left = 0
        self.retype = ""

    def keystroke(self):
        rng = self.rng
        if not self.backspaces_left:
            if rng.random() < self.jump_share:
                self.jump()
            if self.cursor > 0 and rng.random() < self.burst_chance:
                self.backspaces_left = rng.randint(1, self.burst_max)
        if self.backspaces_left and self.cursor > 0:
            self.backspaces_left -= 1
            self.cursor -= 1
            self.retype = self.edit(self.cursor, 1, "") + self.retype
            return
        self.backspaces_left = 0
        if self.retype:
            character, self.retype = self.retype[0], self.retype[1:]
        else:
            character = self.prose.take(1)
        self.edit(self.cursor, 0, character)
        self.cursor += 1

    def jump(self):
        self.retype = ""
        if self.rng.random() < 0.4:
            self.cursor = self.document.length
        else:
            self.cursor = word_start(self.document, self.rng.randint(0, self.document.length))

    def moved(self, position, delete, insert_count):
        """Keeps the cursor on its text after someone else's edit."""
        if position < self.cursor:
            if position + delete <= self.cursor:
                self.cursor += insert_count - delete
            else:
                self.cursor = position + insert_count


# --- sequential shapes ------------------------------------------------------------------------------


def typing(rng, patches, backspace_share, burst_max):
    trace = SequentialTrace(rng)
    typist = Typist(rng, trace.document, trace.edit, backspace_share, burst_max)
    while trace.patch_count < patches:
        typist.keystroke()
        trace.commit()
    return trace.result()


def typing_backspace_5(rng, scale):
    return typing(rng, round(260_000 * scale), 0.05, 1)


def typing_backspace_25(rng, scale):
    return typing(rng, round(260_000 * scale), 0.25, 5)


def random_block(rng, document, smallest, largest):
    """(start, length) of a block of smallest..largest characters starting at a word."""
    length = rng.randint(smallest, largest)
    start = word_start(document, rng.randint(0, document.length - length))
    return start, min(length, document.length - start)


def cut_paste(rng, scale):
    trace = SequentialTrace(rng)
    document = trace.document
    typist = Typist(rng, document, trace.edit, 0.05)
    while trace.patch_count < round(200_000 * scale):
        chance = rng.random()
        if chance < 1 / 400 and document.length >= 1000:  # cut here, paste there
            start, length = random_block(rng, document, 200, min(5000, document.length // 3))
            text = trace.edit(start, length, "")
            trace.commit()
            target = word_start(document, rng.randint(0, document.length))
            trace.edit(target, 0, text)
            typist.cursor = target + len(text)
        elif chance < 1 / 400 + 1 / 3000 and document.length >= 1000:  # copy and paste
            start, length = random_block(rng, document, 200, min(2000, document.length // 3))
            text = document.read(start, length)
            target = word_start(document, rng.randint(0, document.length))
            trace.edit(target, 0, text)
            typist.cursor = target + len(text)
        else:
            typist.keystroke()
        trace.commit()
    return trace.result()


def scattered(rng, scale):
    prose = Prose(rng)
    trace = SequentialTrace(rng, prose.take(max(1000, round(100_000 * scale))))
    document = trace.document
    while trace.patch_count < round(50_000 * scale):
        kind = rng.random()
        count = rng.randint(1, 10)
        if kind < 0.6 or document.length < 100:
            delete = 0 if kind < 0.4 or document.length < 100 else count  # insert, or replace
            position = rng.randint(0, document.length - delete)
            trace.edit(position, delete, prose.take(rng.randint(1, 10)))
        else:
            trace.edit(rng.randint(0, document.length - count), count, "")
        trace.commit()
    return trace.result()


def word_storm(rng, trace, typist):
    """A word inserted at the cursor and deleted again, many times; half the time it stays."""
    word = " " + typist.prose.word()
    for _ in range(rng.randint(2, 30)):
        trace.edit(typist.cursor, 0, word)
        trace.commit()
        trace.edit(typist.cursor, len(word), "")
        trace.commit()
    if rng.random() < 0.5:
        trace.edit(typist.cursor, 0, word)
        trace.commit()
        typist.cursor += len(word)


def block_storm(rng, trace, typist):
    """The text just before the cursor deleted and put back at the same place, many times; a
    quarter of the time it ends deleted."""
    length = rng.randint(20, min(400, typist.cursor))
    start = typist.cursor - length
    text = trace.document.read(start, length)
    for _ in range(rng.randint(2, 12)):
        trace.edit(start, length, "")
        trace.commit()
        trace.edit(start, 0, text)
        trace.commit()
    if rng.random() < 0.25:
        trace.edit(start, length, "")
        trace.commit()
        typist.cursor = start


def undo_redo(rng, scale):
    trace = SequentialTrace(rng)
    typist = Typist(rng, trace.document, trace.edit, 0.05)
    while trace.patch_count < round(220_000 * scale):
        chance = rng.random()
        if chance < 1 / 60:
            word_storm(rng, trace, typist)
        elif chance < 1 / 60 + 1 / 150 and typist.cursor >= 20:
            block_storm(rng, trace, typist)
        else:
            typist.keystroke()
            trace.commit()
    return trace.result()


# --- the concurrent shape ---------------------------------------------------------------------------


class SharedDocument:
    """Agents each owning a part of one document (heading + body); see the module docstring.

    Each part's edits form one causal chain, so the part has versions 0, 1, 2, ... and an agent's
    view of the document is one version per part: the latest each txn it descends from made.
    `parts[i]` holds part i's latest text; `lengths[i][v]` its length at version v."""

    def __init__(self, rng, agent_count):
        self.rng = rng
        self.count = agent_count
        prose = Prose(rng)
        self.headings = [f"# Part {n + 1} — {prose.word()} {prose.word()}\n" for n in range(agent_count)]
        self.parts = [Document() for _ in range(agent_count)]
        self.lengths = [[0] for _ in range(agent_count)]
        self.txns = []
        self.known_at = []  # per txn: the latest txn of each agent it descends from (or itself)
        self.view_at = []  # per txn: the version of each part it sees, its own edits included
        self.latest = [-1] * agent_count  # each agent's last txn
        self.known = [[-1] * agent_count for _ in range(agent_count)]
        self.view = [[0] * agent_count for _ in range(agent_count)]
        self.visited_by = [None] * agent_count  # a visitor's txn that the part's owner has not yet taken in
        self.until_merge = [rng.randint(30, 70) for _ in range(agent_count)]
        self.clock = Clock(rng, "+00:00")
        self.typists = [Typist(rng, self.parts[n], self.edit_part(n), 0.10, burst_max=3, jump_share=0.003)
                        for n in range(agent_count)]
        self.patches = []
        self.touched = set()
        self.offset = 0
        self.patch_count = 0
        self.record(0, [], [[0, 0, "".join(self.headings)]])  # the headings, by agent 0

    def edit_part(self, part):
        """An edit(position, delete, insert) for a Typist of `part`: positions in the part, recorded
        shifted by where the part starts in the acting agent's view (self.offset)."""

        def edit(position, delete, insert):
            document = self.parts[part]
            removed = document.delete(position, delete) if delete else ""
            if insert:
                document.insert(position, insert)
            self.patches.append([self.offset + position, delete, insert])
            self.touched.add(part)
            return removed

        return edit

    def part_offset(self, agent, part):
        view = self.view[agent]
        return sum(len(self.headings[n]) + self.lengths[n][view[n]] for n in range(part)) + len(self.headings[part])

    def record(self, agent, parents, patches):
        index = len(self.txns)
        for part in self.touched:
            self.lengths[part].append(self.parts[part].length)
            self.view[agent][part] = len(self.lengths[part]) - 1
        self.touched = set()
        self.latest[agent] = index
        self.known[agent][agent] = index
        self.txns.append({"parents": sorted(parents), "numChildren": 0, "agent": agent, "time": self.clock.next(),
                          "patches": patches})
        self.known_at.append(tuple(self.known[agent]))
        self.view_at.append(tuple(self.view[agent]))
        self.patch_count += len(patches)

    def take_in(self, agent, candidates):
        """The candidates that are new to `agent` and not below another candidate; merges them
        into its view."""
        known = self.known[agent]
        fresh = [txn for txn in set(candidates) if txn > known[self.txns[txn]["agent"]]]
        parents = [txn for txn in fresh
                   if not any(other != txn and self.known_at[other][self.txns[txn]["agent"]] >= txn for other in fresh)]
        for txn in parents:
            self.known[agent] = [max(pair) for pair in zip(self.known[agent], self.known_at[txn])]
            self.view[agent] = [max(pair) for pair in zip(self.view[agent], self.view_at[txn])]
        return parents

    def step(self, agent):
        """One txn by `agent`: a keystroke in its part, or at a full merge now and then an edit in
        another agent's part."""
        rng = self.rng
        own = [self.latest[agent]] if self.latest[agent] >= 0 else []
        candidates = []
        full = not own or self.until_merge[agent] <= 0
        if full:
            candidates += [latest for other, latest in enumerate(self.latest) if other != agent and latest >= 0]
            self.until_merge[agent] = rng.randint(30, 70)
        else:
            self.until_merge[agent] -= 1
        if self.visited_by[agent] is not None:
            candidates.append(self.visited_by[agent])
            self.visited_by[agent] = None
        parents = own + self.take_in(agent, candidates)
        assert self.view[agent][agent] == len(self.lengths[agent]) - 1, "an owner always sees its part's latest"
        self.patches = []
        visitable = [part for part in range(self.count) if part != agent and self.visited_by[part] is None
                     and self.parts[part].length >= 40]
        if full and own and visitable and rng.random() < 0.3:
            part = rng.choice(visitable)
            assert self.view[agent][part] == len(self.lengths[part]) - 1, "a visitor sees the part's latest"
            self.offset = self.part_offset(agent, part)
            self.visit(part)
            self.visited_by[part] = len(self.txns)
        else:
            self.offset = self.part_offset(agent, agent)
            self.typists[agent].keystroke()
        self.record(agent, parents, self.patches)

    def visit(self, part):
        """A small edit somewhere in someone else's part: a word deleted, added or replaced."""
        rng = self.rng
        document = self.parts[part]
        position = min(word_start(document, rng.randint(0, document.length - 1)), document.length)
        window = document.read(position, 30)
        word_length = next((n + 1 for n, c in enumerate(window) if c in " \n"), len(window))
        kind = rng.random() if word_length else 0.0
        delete = 0 if kind < 0.4 else word_length
        insert = "" if 0.4 <= kind < 0.7 else self.typists[part].prose.word() + " "
        self.edit_part(part)(position, delete, insert)
        self.typists[part].moved(position, delete, len(insert))

    def run(self, patches):
        rng = self.rng
        while self.patch_count < patches:
            agent = rng.randrange(self.count)
            for _ in range(rng.randint(1, 40)):
                self.step(agent)
        for txn in self.txns:
            for parent in txn["parents"]:
                self.txns[parent]["numChildren"] += 1
        end = "".join(heading + part.text() for heading, part in zip(self.headings, self.parts))
        return {"kind": "concurrent", "endContent": end, "numAgents": self.count, "txns": self.txns}


def agents_4(rng, scale):
    return SharedDocument(rng, 4).run(round(200_000 * scale))


SHAPES = {
    "typing-backspace-5": typing_backspace_5,
    "typing-backspace-25": typing_backspace_25,
    "cut-paste": cut_paste,
    "scattered": scattered,
    "undo-redo": undo_redo,
    "agents-4": agents_4,
}

# --- files ------------------------------------------------------------------------------------------


def shape_seed(shape, seed):
    """A seed of the shape's own, the same whichever other shapes are generated."""
    return int.from_bytes(hashlib.sha256(f"{shape}/{seed}".encode()).digest()[:8], "big")


def stamp_of(path):
    """The "generator" object at the start of an existing trace file, or None."""
    try:
        with gzip.open(path) as file:
            head = file.read(400).decode("utf-8", "ignore")
        prefix = '{"generator":'
        if not head.startswith(prefix):
            return None
        return json.JSONDecoder().raw_decode(head, len(prefix))[0]
    except (OSError, EOFError, ValueError):
        return None


def write(path, stamp, trace):
    body = json.dumps({"generator": stamp, **trace}, ensure_ascii=False, separators=(",", ":")).encode()
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as file:
        file.write(body)
    os.replace(partial, path)


def main():
    parser = argparse.ArgumentParser(description="Writes synthetic editing traces (see the module docstring).")
    parser.add_argument("out_dir", type=pathlib.Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", help="comma-separated shapes: " + ", ".join(SHAPES))
    options = parser.parse_args()
    names = options.only.split(",") if options.only else list(SHAPES)
    unknown = [name for name in names if name not in SHAPES]
    if unknown:
        parser.error(f"no shape {', '.join(unknown)} (shapes: {', '.join(SHAPES)})")
    options.out_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = options.out_dir / f"synthetic-{name}.json.gz"
        stamp = {"name": "synthetic_traces.py", "version": GENERATOR_VERSION, "shape": name, "seed": options.seed,
                 "scale": options.scale}
        if stamp_of(path) == stamp:
            print(f"{path}: up to date", file=sys.stderr)
            continue
        started = time.perf_counter()
        trace = SHAPES[name](random.Random(shape_seed(name, options.seed)), options.scale)
        write(path, stamp, trace)
        patches = sum(len(txn["patches"]) for txn in trace["txns"])
        print(f"{path}: {len(trace['txns'])} txns, {patches} patches, {len(trace['endContent'])} final chars, "
              f"{path.stat().st_size} bytes, {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
