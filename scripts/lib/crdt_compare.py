"""Puts the same editing traces through Yrs (pycrdt) and Loro, next to Hearth's figures.

Usage: crdt_compare.py HEARTH_RESULTS.jsonl [--json] TRACE.json.gz...
Reads Hearth's `hearth-bench crdt --json` lines, measures each library on each sequential trace
(concurrent traces have no per-agent replay here and are reported as such) and prints both with
the ratios. Local replay goes through Python calls, one per patch, so it includes Python's
overhead; merge (applying the whole history as one update to an empty document, then reading
its text) and load (opening a saved state, making one edit and reading the text, so a library
that defers decoding until the document is used pays for it too) are the libraries' native
paths and the fair comparison. pycrdt counts positions in UTF-8 bytes, so its patches are
converted from the trace's Unicode scalars before the clock starts.
"""

import bisect

import gzip
import json
import pathlib
import sys
import time


def timed(function, rounds=5):
    best = None
    result = None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        elapsed = (time.perf_counter() - start) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def in_utf8_bytes(trace):
    """The trace's transactions with positions and delete counts in UTF-8 bytes: the places of
    the non-ASCII characters are tracked (few in these traces), and each patch is shifted by the
    extra bytes of those before it."""
    places = []  # sorted scalar positions of the non-ASCII characters in the text
    extras = []  # their UTF-8 length minus one, in the same order
    for index, character in enumerate(trace.get("startContent", "")):
        if ord(character) > 127:
            places.append(index)
            extras.append(len(character.encode()) - 1)
    converted = []
    for txn in trace["txns"]:
        patches = []
        for position, delete_count, insert in txn["patches"]:
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
            patches.append((byte_position, byte_count, insert))
        converted.append(patches)
    return converted


def yrs(trace):
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

    local_ms, doc = timed(replay)
    update = doc.get_update()

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
    load_ms, _ = timed(load)
    return {"localReplayMs": local_ms, "mergeMs": merge_ms, "loadMs": load_ms, "encodedHistoryBytes": len(update),
            "encodedStateBytes": len(update), "finalTextMatches": final == trace["endContent"]}


def loro(trace):
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

    local_ms, doc = timed(replay)
    history = doc.export(loro_module.ExportMode.Updates(loro_module.VersionVector()))
    snapshot = doc.export(loro_module.ExportMode.Snapshot())

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
    load_ms, _ = timed(load)
    lazy_ms, _ = timed(import_only)
    return {"localReplayMs": local_ms, "mergeMs": merge_ms, "loadMs": load_ms, "importOnlyMs": lazy_ms,
            "encodedHistoryBytes": len(history), "encodedStateBytes": len(snapshot),
            "finalTextMatches": final == trace["endContent"]}


def main():
    arguments = sys.argv[1:]
    as_json = "--json" in arguments
    arguments = [a for a in arguments if a != "--json"]
    hearth = {}
    for line in pathlib.Path(arguments[0]).read_text().splitlines():
        result = json.loads(line)
        hearth[result["trace"]] = result
    for path in arguments[1:]:
        name = pathlib.Path(path).name
        trace = json.loads(gzip.open(path).read())
        ours = hearth.get(name)
        if ours is not None:
            if as_json:
                print(json.dumps({**ours, "library": "hearth"}, sort_keys=True))
            else:
                print(f"{name} hearth: {ours['patches']} patches, local {ours['localReplayMs']:.1f} ms, merge "
                      f"{ours['mergeMs']:.1f} ms, load {ours['loadMs']:.1f} ms, peak {ours['peakRSSBytes'] / 1048576:.1f} MB, "
                      f"history {ours['encodedHistoryBytes']} B, state {ours['encodedStateBytes']} B, text "
                      f"{'matches' if ours['finalTextMatches'] else 'DIFFERS'}")
        if trace.get("kind") == "concurrent" or ours is None:
            if not as_json:
                print(f"{name}: Yrs and Loro not measured (concurrent trace: no per-agent replay here)")
            continue
        for library, measure in (("yrs", yrs), ("loro", loro)):
            theirs = measure(trace)
            ratios = {key: theirs[key] / ours[key] for key in ("localReplayMs", "mergeMs", "loadMs",
                                                                 "encodedHistoryBytes", "encodedStateBytes")
                      if ours.get(key)}
            if as_json:
                print(json.dumps({"trace": name, "library": library, **theirs,
                                  "ratioToHearth": ratios}, sort_keys=True))
            else:
                print(f"{name} {library}: local {theirs['localReplayMs']:.1f} ms (Python calls), merge "
                      f"{theirs['mergeMs']:.1f} ms, load {theirs['loadMs']:.1f} ms, history "
                      f"{theirs['encodedHistoryBytes']} B, state {theirs['encodedStateBytes']} B, text "
                      f"{'matches' if theirs['finalTextMatches'] else 'DIFFERS'} | theirs ÷ Hearth: local "
                      f"{ratios.get('localReplayMs', 0):.2f}, merge {ratios.get('mergeMs', 0):.2f}, load "
                      f"{ratios.get('loadMs', 0):.2f}, history size {ratios.get('encodedHistoryBytes', 0):.2f}"
                      + (f" (Loro's import alone, which defers decoding: {theirs['importOnlyMs']:.2f} ms)"
                         if "importOnlyMs" in theirs else ""))


if __name__ == "__main__":
    main()
