"""Command line: parse options, call the pipeline, print a short summary, set the exit code.

    python build.py [--content DIR] [--out DIR]      clean what is new, then build
    python build.py clean [--content DIR] [--force]
    python build.py build [--content DIR] [--out DIR] [--base-url URL] [--cache DIR] [--strict]
    python build.py serve [--port N]                 preview with live reload
    python build.py check [--content DIR] [--out DIR]
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import sys
import time
from pathlib import Path

from . import buildstate, config, uptodate
from .models import ContentError
from .summary import BuildSummary, CleanSummary


def _options(defaults: bool) -> argparse.ArgumentParser:
    """The options every command takes. Given before the command they are the main parser's;
    after it, the command's, whose defaults are suppressed so that they do not overwrite
    what was given before it (`build.py --content X build` reads X)."""
    def default(value):
        return value if defaults else argparse.SUPPRESS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, default=default(config.DEFAULT_CONTENT),
                        help="content folder with raw/ and articles/ (default: content)")
    common.add_argument("--out", type=Path, default=default(config.DEFAULT_OUT), help="output folder (default: site)")
    common.add_argument("--base-url", default=default(None),
                        help="absolute URL the site is published at, for canonical links, feed and sitemap")
    common.add_argument("--cache", type=Path, default=default(config.DEFAULT_CACHE),
                        help="analysis cache folder (default: .cache)")
    common.add_argument("--force", action="store_true", default=default(False),
                        help="clean: re-clean articles a curator edited")
    common.add_argument("--strict", action="store_true", default=default(False),
                        help="exit non-zero when anything was skipped")
    common.add_argument("--quiet", "-q", action="store_true", default=default(False),
                        help="print only problems and the summary")
    common.add_argument("--keep-resident", type=int, metavar="SECONDS", default=default(None),
                        help="build: leave a background process holding the build's state and Kiwi loaded "
                             "for this long, to make the next build (default: 600, or $CIVICNEWS_KEEP_RESIDENT; "
                             "0: none, and none used)")
    return common


def _parser() -> argparse.ArgumentParser:
    common = _options(defaults=False)
    parser = argparse.ArgumentParser(prog="build.py", parents=[_options(defaults=True)],
                                     description="Korean civic-news archive: clean raw pages, build a static site.")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("clean", parents=[common], help="content/raw/ -> content/articles/")
    commands.add_parser("build", parents=[common], help="content/articles/ -> site/")
    serve = commands.add_parser("serve", parents=[common], help="build, serve on localhost, rebuild on change")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    commands.add_parser("check", parents=[common],
                        help="check front matter, slugs and the built site's links; non-zero on problems")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "all"
    try:
        if command == "clean":
            return _clean(args)
        if command == "build":
            return _build(args)
        if command == "all":
            status = _clean(args)
            return _build(args) or status
        if command == "serve":
            buildstate.EXIT_AFTER_BUILD = False     # a long process: each rebuild's memory comes back
            from .serve import serve
            return serve(args.content, args.out, args.cache, args.host, args.port)
        if command == "check":
            from .check import run_check
            return run_check(args.content, args.out, args.cache, base_url=args.base_url)
    except ContentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the previous site was left as it was", file=sys.stderr)
        return 130
    return 0


def _clean(args) -> int:
    inputs = uptodate.clean_inputs(args.content)
    known = None if args.force else uptodate.recorded(args.cache, "clean", uptodate.clean_key(inputs, args.content))
    if known is not None:                       # nothing new in raw/, nothing touched since
        summary = CleanSummary.again(known)
    else:
        from . import pipeline                  # the cleaner and the analyser load only when needed
        summary = pipeline.clean(args.content, force=args.force)
        uptodate.record(args.cache, "clean", uptodate.clean_key(inputs, args.content), summary.to_dict())
    for line in summary.lines():
        print(line)
    return 1 if args.strict and summary.skipped else 0


def _build(args) -> int:
    started = time.perf_counter()
    analyser = residents = None
    keep = _keep_seconds(args)
    if keep:
        from . import resident as residents
    found = residents is not None and residents.ready_for(args.cache)    # of this code, for this cache
    if not found and buildstate.exists(args.cache):
        from . import korean as analyser       # perhaps a rebuild after an edit: the analyser
        analyser.prepare()                      # starts loading now, on the other core, in case
    inputs = uptodate.build_inputs(args.content)
    edited = inputs != uptodate.recorded_inputs(args.cache, "build")
    # the output folder's files: for the up-to-date check, and for our own build (a resident
    # builder looks at them itself)
    seen = uptodate.scan(args.out) if args.out.is_dir() and (not edited or not found) else None
    known = None if edited else uptodate.recorded(args.cache, "build",
                                                  uptodate.build_key(inputs, args.content, args.out, args.base_url, seen))
    summary = None
    if known is not None:                       # the site on disk is what a build would write
        if analyser is not None:
            analyser.release()                  # nothing to analyse: its helper ends
        summary = BuildSummary.again(known, time.perf_counter() - started)
    elif found:                                 # the resident builder makes it (or we do, below)
        summary = residents.build(args.cache, args.content, args.out, args.base_url, inputs)
        if summary is not None:
            summary = dataclasses.replace(summary, seconds=time.perf_counter() - started)
    if summary is None:
        from . import pipeline
        stream = sys.stderr if not args.quiet and sys.stderr.isatty() else None
        # the stamp is made once the state is saved (by the forked process that saves it, when
        # this process ends with its build: the next command waits for it on the state's lock)
        summary = pipeline.build(args.content, args.out, args.cache, base_url=args.base_url,
                                 progress=pipeline.Progress(stream), seen=seen,
                                 saved=lambda done: uptodate.record(
                                     args.cache, "build",
                                     uptodate.build_key(inputs, args.content, args.out, args.base_url, done.site_files),
                                     done.to_dict(), inputs))
    for problem in summary.problems:
        print(problem, file=sys.stderr)
    print(summary.lines()[-1])
    if residents is not None and not found:     # the next build finds the state read and Kiwi loaded
        residents.start(args.cache, keep)
    if summary.errors and args.strict:
        return 1
    return 0


def _keep_seconds(args) -> int:
    """How long the resident builder stays after a build (0: none), as --keep-resident or
    $CIVICNEWS_KEEP_RESIDENT say."""
    from .resident import default_keep, supported
    if not supported():
        return 0
    given = getattr(args, "keep_resident", None)
    return max(0, given) if given is not None else default_keep()


def run() -> None:
    """The command line's entry point (build.py, the `civicnews` script): main(), then the
    process ends at once, its output flushed. Its memory goes back to the system whole: a
    build's state (millions of objects at 10,000 articles) is not freed object by object, and
    the analyser's helper process, if one is left, ends when its pipe closes."""
    buildstate.EXIT_AFTER_BUILD = True
    # the collector's youngest generation is looked at every 50,000 new objects, not 700: a
    # build makes millions that live to its end, and each look costs a walk of them
    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    code = main()                               # --help and usage errors leave as argparse says
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
