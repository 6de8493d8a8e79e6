"""`qararat build`, `qararat check`, `qararat manifest`: the pipeline from the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import Layout, build, parse_corpus
from .cache import BuildCache
from .errors import BuildError
from .fidelity import fidelity_report
from .manifest import write_manifest
from .model import Problem


def report(problems: list[Problem], out=sys.stderr) -> None:
    warnings = [p for p in problems if p.severity == "warning"]
    if warnings:
        print(f"{len(warnings)} warnings:", file=out)
        for problem in warnings:
            print(f"  {problem}", file=out)


def regenerated(cache: BuildCache, shown: int = 10) -> str:
    """What the build made afresh: the documents whose inputs changed since the last build."""
    slugs = cache.regenerated
    names = ", ".join(slugs[:shown]) + (", ..." if len(slugs) > shown else "")
    return (f"Markdown regenerated for {len(slugs)} of {cache.documents} documents" + (f": {names}" if slugs else "")
            + f" (parsed again: {len(cache.parsed_again)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qararat", description="Build the qararat edition.")
    parser.add_argument("command", choices=["build", "check", "manifest", "fidelity"],
                        help="build: the whole site into site/; check: read and parse only; "
                             "manifest: record every current anchor in seeds/anchors/; "
                             "fidelity: how much of each text was repaired and what is still doubtful")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    args = parser.parse_args(argv)
    layout = Layout(args.root.resolve())
    try:
        if args.command == "build":
            cache = BuildCache(layout.cache)
            problems = build(layout, cache)
            report(problems)
            print(regenerated(cache))
            print(f"site built in {layout.site}")
        elif args.command == "check":
            _, problems = parse_corpus(layout)
            report(problems)
            print("sources read and parsed without error")
        elif args.command == "fidelity":
            docs, _ = parse_corpus(layout)
            print(fidelity_report(docs))
        else:
            docs, _ = parse_corpus(layout)
            for doc in docs:
                write_manifest(layout.anchors, doc)
            print(f"anchor manifest written for {len(docs)} documents in {layout.anchors}")
    except BuildError as error:
        print(f"build failed with {len(error.problems)} errors:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
