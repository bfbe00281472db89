"""Puts the same editing traces through Yrs (pycrdt) and Loro, next to Hearth's figures.

Usage: crdt_compare.py HEARTH_RESULTS.jsonl [--json] [--no-local] TRACE.json.gz...
Reads Hearth's `hearth-bench crdt --json` lines, measures each library on each trace and prints
both with the ratios (a trace with no Hearth line gets the libraries' figures alone). Local
replay goes through Python calls, one per patch, so it includes Python's overhead; merge
(applying the whole history as one update to an empty document, then reading its text) and load
(opening a saved state, making one edit and reading the text, so a library that defers decoding
until the document is used pays for it too) are the libraries' native paths and the fair
comparison. pycrdt counts positions in UTF-8 bytes, so its patches are converted from the
trace's Unicode scalars (before the clock starts, for a sequential trace).

Local replay is timed once (a 260k-patch trace takes Yrs minutes a round; merge and load, which
are fast, keep the best of five). A concurrent trace is replayed the way its DAG says (see
replay_concurrent), untimed, so its local replay is not measured; then its merge, load and
history size are measured like a sequential trace's. Each library's encoded history (and Loro's
snapshot) is saved in .build/crdt-compare, keyed by the trace file's hash, the library's version
and HISTORY_FORMAT, and used again for a concurrent trace (its replay is not timed) and under
--no-local. --no-local skips the local replay of sequential traces: the saved history is used
when there is one, else the trace is replayed once, untimed, to build it (merge, load and history
size need it), so only a run after one that saved the histories is quick.
"""

import bisect
import gzip
import hashlib
import importlib.metadata
import json
import pathlib
import re
import sys
import time

# Bump when the way a library's history is built changes, so that saved histories are rebuilt.
HISTORY_FORMAT = 1
SAVED_HISTORIES = pathlib.Path(__file__).resolve().parents[2] / ".build" / "crdt-compare"
NON_ASCII = re.compile(r"[^\x00-\x7f]")


def timed(function, rounds=5):
    best = None
    result = None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        elapsed = (time.perf_counter() - start) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def saved_history(key, names):
    """The blobs `names` saved under `key` by an earlier run, or None if any is missing."""
    paths = [SAVED_HISTORIES / f"{key}.{name}" for name in names]
    if not all(path.exists() for path in paths):
        return None
    return {name: path.read_bytes() for name, path in zip(names, paths)}


def save_history(key, blobs):
    """Saves the blobs under `key` (each written to a temporary name first, so that a run cut
    short leaves no partial file behind)."""
    SAVED_HISTORIES.mkdir(parents=True, exist_ok=True)
    for name, blob in blobs.items():
        path = SAVED_HISTORIES / f"{key}.{name}"
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(blob)
        partial.replace(path)


def utf8_places(text):
    """The places (scalar positions, sorted) of the non-ASCII characters in `text`, and the extra
    bytes each takes in UTF-8 (its UTF-8 length minus one), for utf8_patch."""
    places = []
    extras = []
    for match in NON_ASCII.finditer(text):
        places.append(match.start())
        extras.append(len(match.group().encode()) - 1)
    return places, extras


def utf8_patch(places, extras, position, delete_count, insert):
    """The patch's position and delete count in UTF-8 bytes: shifted by the extra bytes of the
    non-ASCII characters before it (few in these traces), which `places` and `extras` (see
    utf8_places) list; they are updated to the text after the patch."""
    start = bisect.bisect_left(places, position)
    stop = bisect.bisect_left(places, position + delete_count)
    byte_position = position + sum(extras[:start])
    byte_count = delete_count + sum(extras[start:stop])
    del places[start:stop], extras[start:stop]
    shift = len(insert) - delete_count
    places[start:] = [place + shift for place in places[start:]]
    new = [(position + offset, len(character.encode()) - 1)
           for offset, character in enumerate(insert) if ord(character) > 127]
    places[start:start] = [place for place, _ in new]
    extras[start:start] = [extra for _, extra in new]
    return byte_position, byte_count


def in_utf8_bytes(trace):
    """The transactions of a sequential trace with positions and delete counts in UTF-8 bytes."""
    places, extras = utf8_places(trace.get("startContent", ""))
    return [[(*utf8_patch(places, extras, position, delete_count, insert), insert)
             for position, delete_count, insert in txn["patches"]]
            for txn in trace["txns"]]


def replay_concurrent(trace, open_branch, take_in, author):
    """Builds a concurrent trace's history the way its DAG says; returns each txn's update.

    Each txn must be made on a document that holds exactly the txns it descends from (its
    parents and theirs): its positions are in that document's text. josephg's converter (for
    Automerge) keeps a document per txn whose children are still to come, forking and merging
    whole documents; here, as in Hearth's replayBranches, a document is kept per agent: if the
    agent's last txn is among the txn's ancestors (then the document holds only ancestors), it
    takes in the ancestors it lacks, as the updates they made, oldest first, and the txn's patches
    are applied to it. Otherwise (an agent whose txns fork, which the format does not allow and
    the traces here never do) the agent starts a new branch: an empty document that takes in all
    the ancestors. Each branch has its own client/peer number (1, 2, ...), as a library expects
    one number's ops to be one causal chain.

    `open_branch(number)` makes a branch's document; `take_in(branch, updates)` applies updates
    to it; `author(branch, patches)` applies a txn's patches as one transaction and returns its
    update (None if it changed nothing)."""
    txns = trace["txns"]
    if trace.get("startContent"):
        raise ValueError("a concurrent trace starts empty (the format has no startContent)")
    updates = []
    branches = {}  # agent -> [document, its txns as a bytearray of 0/1 by txn index, its last txn]
    count = 0
    for index, txn in enumerate(txns):
        branch = branches.get(txn["agent"])
        missing = None
        if branch is not None:
            missing = missing_ancestors(txns, txn["parents"], branch[1], branch[2])
        if missing is None:
            count += 1
            branch = branches[txn["agent"]] = [open_branch(count), bytearray(len(txns)), None]
            missing = missing_ancestors(txns, txn["parents"], branch[1], None)
        if missing:
            missing.sort()  # parents come before their children in a trace
            take_in(branch[0], [updates[ancestor] for ancestor in missing if updates[ancestor] is not None])
            for ancestor in missing:
                branch[1][ancestor] = 1
        updates.append(author(branch[0], txn["patches"]))
        branch[1][index] = 1
        branch[2] = index
    return updates


def missing_ancestors(txns, parents, held, last):
    """The ancestors of a txn with `parents` (the parents included) that are not in `held` (a
    branch's txns, which are all ancestors of its `last` txn), or None if `last` is not an
    ancestor (the branch holds txns that the txn did not see). A walk from the parents that stops
    at held txns: every path from a parent to `last` goes through txns that descend from `last`,
    which are not held, so it reaches `last` if `last` is an ancestor."""
    missing = []
    seen = set()
    stack = list(parents)
    reached = last is None
    while stack:
        txn = stack.pop()
        if held[txn]:
            reached = reached or txn == last
            continue
        if txn in seen:
            continue
        seen.add(txn)
        missing.append(txn)
        stack += txns[txn]["parents"]
    return missing if reached else None


def yrs(trace, key, local):
    """Yrs's figures for the trace; `key` names its saved history, `local` times local replay."""
    import pycrdt

    key = f"{key}-yrs-{importlib.metadata.version('pycrdt')}-{HISTORY_FORMAT}"
    concurrent = trace.get("kind") == "concurrent"
    saved = saved_history(key, ["history"]) if concurrent or not local else None
    local_ms = None
    if saved is None:
        if concurrent:
            doc = yrs_concurrent(trace)
        else:
            replay = yrs_replay(trace)
            # One round: a large trace takes minutes.
            local_ms, doc = timed(replay, rounds=1) if local else (None, replay())
        saved = {"history": doc.get_update()}
        save_history(key, saved)
    update = saved["history"]

    def merge():
        fresh = pycrdt.Doc()
        fresh.apply_update(update)
        return str(fresh.get("text", type=pycrdt.Text))

    def load():
        # Yrs's saved state is the same full-state update; then one edit.
        fresh = pycrdt.Doc()
        fresh.apply_update(update)
        text = fresh.get("text", type=pycrdt.Text)
        text.insert(0, "x")
        return str(text)

    merge_ms, final = timed(merge)
    load_ms, loaded = timed(load)
    return {"localReplayMs": local_ms, "mergeMs": merge_ms, "loadMs": load_ms, "encodedHistoryBytes": len(update),
            "encodedStateBytes": len(update),
            "finalTextMatches": final == trace["endContent"] and loaded == "x" + trace["endContent"]}


def yrs_replay(trace):
    """A function that replays a sequential trace into a new Yrs document (one transaction per
    txn) and returns the document; the positions are converted to UTF-8 bytes first."""
    import pycrdt

    transactions = in_utf8_bytes(trace)

    def replay():
        doc = pycrdt.Doc()
        text = doc.get("text", type=pycrdt.Text)
        if trace.get("startContent"):
            text.insert(0, trace["startContent"])
        for patches in transactions:
            with doc.transaction():
                for position, delete_count, insert in patches:
                    if delete_count:
                        del text[position:position + delete_count]
                    if insert:
                        text.insert(position, insert)
        return doc

    return replay


def yrs_concurrent(trace):
    """A Yrs document with every txn of a concurrent trace, made as replay_concurrent says. A
    txn's update is the one its transaction's observer gets, which holds that transaction's
    deletions alone (an update from a state vector would hold every deletion in the document).
    Positions are converted to UTF-8 bytes against each branch's text, whose non-ASCII places
    are read again after the branch takes in others' updates."""
    import pycrdt

    def open_branch(number):
        doc = pycrdt.Doc(client_id=number)
        branch = {"doc": doc, "text": doc.get("text", type=pycrdt.Text), "updates": [], "places": [],
                  "extras": []}
        branch["subscription"] = doc.observe(lambda event: branch["updates"].append(event.update))
        return branch

    def take_in(branch, updates):
        for update in updates:
            branch["doc"].apply_update(update)
        branch["places"], branch["extras"] = utf8_places(str(branch["text"]))

    def author(branch, patches):
        text = branch["text"]
        branch["updates"].clear()
        with branch["doc"].transaction():
            for position, delete_count, insert in patches:
                position, delete_count = utf8_patch(branch["places"], branch["extras"], position, delete_count, insert)
                if delete_count:
                    del text[position:position + delete_count]
                if insert:
                    text.insert(position, insert)
        return branch["updates"][0] if branch["updates"] else None

    updates = replay_concurrent(trace, open_branch, take_in, author)
    doc = pycrdt.Doc()
    for update in updates:
        if update is not None:
            doc.apply_update(update)
    return doc


def loro(trace, key, local):
    """Loro's figures for the trace; `key` names its saved history, `local` times local replay."""
    import loro as loro_module

    key = f"{key}-loro-{importlib.metadata.version('loro')}-{HISTORY_FORMAT}"
    concurrent = trace.get("kind") == "concurrent"
    saved = saved_history(key, ["history", "snapshot"]) if concurrent or not local else None
    local_ms = None
    if saved is None:
        if concurrent:
            doc = loro_concurrent(trace)
        else:
            replay = loro_replay(trace)
            local_ms, doc = timed(replay, rounds=1) if local else (None, replay())
        saved = {"history": doc.export(loro_module.ExportMode.Updates(loro_module.VersionVector())),
                 "snapshot": doc.export(loro_module.ExportMode.Snapshot())}
        save_history(key, saved)
    history = saved["history"]
    snapshot = saved["snapshot"]

    def merge():
        fresh = loro_module.LoroDoc()
        fresh.import_(history)
        return fresh.get_text("text").to_string()

    def load():
        fresh = loro_module.LoroDoc()
        fresh.import_(snapshot)
        text = fresh.get_text("text")
        text.insert(0, "x")
        fresh.commit()
        return text.to_string()

    def import_only():
        fresh = loro_module.LoroDoc()
        fresh.import_(snapshot)
        return fresh

    merge_ms, final = timed(merge)
    load_ms, loaded = timed(load)
    lazy_ms, _ = timed(import_only)
    return {"localReplayMs": local_ms, "mergeMs": merge_ms, "loadMs": load_ms, "importOnlyMs": lazy_ms,
            "encodedHistoryBytes": len(history), "encodedStateBytes": len(snapshot),
            "finalTextMatches": final == trace["endContent"] and loaded == "x" + trace["endContent"]}


def loro_replay(trace):
    """A function that replays a sequential trace into a new Loro document (a commit per txn)
    and returns the document."""
    import loro as loro_module

    def replay():
        doc = loro_module.LoroDoc()
        text = doc.get_text("text")
        if trace.get("startContent"):
            text.insert(0, trace["startContent"])
        for txn in trace["txns"]:
            for position, delete_count, insert in txn["patches"]:
                if delete_count:
                    text.delete(position, delete_count)
                if insert:
                    text.insert(position, insert)
            doc.commit()
        return doc

    return replay


def loro_concurrent(trace):
    """A Loro document with every txn of a concurrent trace, made as replay_concurrent says; a
    txn's update is the local update its commit sends to subscribers."""
    import loro as loro_module

    def open_branch(number):
        doc = loro_module.LoroDoc()
        doc.peer_id = number
        branch = {"doc": doc, "text": doc.get_text("text"), "updates": []}
        branch["subscription"] = doc.subscribe_local_update(lambda update: branch["updates"].append(update) or True)
        return branch

    def take_in(branch, updates):
        branch["doc"].import_batch(updates)
        # Taking in concurrent updates leaves a diff calculator behind that grows with the
        # history; dropping it halves the time of the next take-in on agents-4.
        branch["doc"].free_diff_calculator()

    def author(branch, patches):
        text = branch["text"]
        branch["updates"].clear()
        for position, delete_count, insert in patches:
            if delete_count:
                text.delete(position, delete_count)
            if insert:
                text.insert(position, insert)
        branch["doc"].commit()
        return branch["updates"][0] if branch["updates"] else None

    updates = replay_concurrent(trace, open_branch, take_in, author)
    collected = loro_module.LoroDoc()
    collected.import_batch([update for update in updates if update is not None])
    # A document that took in the updates one by one exports its history in the pieces they
    # came in (clownschool: 72 KB, against 54 KB once whole); the document the merge makes, from
    # the whole history as one update, is the one measured (its export comes out the same again).
    doc = loro_module.LoroDoc()
    doc.import_(collected.export(loro_module.ExportMode.Updates(loro_module.VersionVector())))
    return doc


def main():
    arguments = sys.argv[1:]
    as_json = "--json" in arguments
    local = "--no-local" not in arguments
    arguments = [a for a in arguments if a not in ("--json", "--no-local")]
    if not arguments or any(a.startswith("--") for a in arguments):
        sys.exit("usage: crdt_compare.py HEARTH_RESULTS.jsonl [--json] [--no-local] TRACE.json.gz...")
    hearth = {}
    for line in pathlib.Path(arguments[0]).read_text().splitlines():
        result = json.loads(line)
        hearth[result["trace"]] = result
    for path in arguments[1:]:
        name = pathlib.Path(path).name
        raw = pathlib.Path(path).read_bytes()
        key = hashlib.sha256(raw).hexdigest()[:24]
        trace = json.loads(gzip.decompress(raw))
        ours = hearth.get(name)
        if ours is not None:
            if as_json:
                print(json.dumps({**ours, "library": "hearth"}, sort_keys=True))
            else:
                print(f"{name} hearth: {ours['patches']} patches, local {ours['localReplayMs']:.1f} ms, merge "
                      f"{ours['mergeMs']:.1f} ms, load {ours['loadMs']:.1f} ms, peak {ours['peakRSSBytes'] / 1048576:.1f} MB, "
                      f"history {ours['encodedHistoryBytes']} B, state {ours['encodedStateBytes']} B, text "
                      f"{'matches' if ours['finalTextMatches'] else 'DIFFERS'}")
        for library, measure in (("yrs", yrs), ("loro", loro)):
            theirs = measure(trace, key, local)
            ratios = {figure: theirs[figure] / ours[figure] for figure in ("localReplayMs", "mergeMs", "loadMs",
                                                                 "encodedHistoryBytes", "encodedStateBytes")
                      if ours is not None and ours.get(figure) and theirs[figure] is not None}
            if as_json:
                print(json.dumps({"trace": name, "library": library, **theirs,
                                  "ratioToHearth": ratios}, sort_keys=True))
            else:
                local_text = ("not measured" if theirs["localReplayMs"] is None
                              else f"{theirs['localReplayMs']:.1f} ms (Python calls)")
                print(f"{name} {library}: local {local_text}, merge "
                      f"{theirs['mergeMs']:.1f} ms, load {theirs['loadMs']:.1f} ms, history "
                      f"{theirs['encodedHistoryBytes']} B, state {theirs['encodedStateBytes']} B, text "
                      f"{'matches' if theirs['finalTextMatches'] else 'DIFFERS'} | "
                      + ("no Hearth figures" if ours is None else
                         "theirs ÷ Hearth: local "
                         + (f"{ratios['localReplayMs']:.2f}" if "localReplayMs" in ratios else "—")
                         + f", merge {ratios.get('mergeMs', 0):.2f}, load {ratios.get('loadMs', 0):.2f}, "
                           f"history size {ratios.get('encodedHistoryBytes', 0):.2f}")
                      + (f" (Loro's import alone, which defers decoding: {theirs['importOnlyMs']:.2f} ms)"
                         if "importOnlyMs" in theirs else ""))


if __name__ == "__main__":
    main()
