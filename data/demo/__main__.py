"""Command line of the demo generator: python -m data.demo OUT_DIR [--seed N]."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import DEFAULT_SEED, write_demo_files


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data.demo", description="写出演示数据（导入模板格式）")
    parser.add_argument("out_dir", type=Path, help="output folder (created if missing)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = write_demo_files(args.out_dir, args.seed)
    for dataset, path in paths.items():
        with open(path, encoding="utf-8-sig") as f:
            rows = sum(1 for _ in f) - 1
        print(f"{dataset:22} {rows:>8} rows  {path}")
    print(f"seed {args.seed}, {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
