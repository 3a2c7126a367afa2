"""Python's multiprocessing.Pool on the workloads of PoolThroughput, for comparison.

Usage: python3 benchmarks/python/pool_throughput.py [rounds]
"""
import statistics
import sys
import time
from multiprocessing import Pool, Process

SMALL_TASKS = 100
WORKERS = 4
ASYNC_TASKS = 20_000
MAP_ITEMS = 200_000


def square(x):
    return x * x


def noop(x):
    return x


def one_round():
    start = time.perf_counter()
    with Pool(WORKERS) as pool:
        assert pool.map(square, range(SMALL_TASKS), 1) == [square(x) for x in range(SMALL_TASKS)]
        cold = time.perf_counter() - start
        start = time.perf_counter()
        pool.map(square, range(SMALL_TASKS), 1)
        warm = time.perf_counter() - start
        start = time.perf_counter()
        results = [pool.apply_async(noop, (i,)) for i in range(ASYNC_TASKS)]
        assert [r.get() for r in results] == list(range(ASYNC_TASKS))
        per_task = ASYNC_TASKS / (time.perf_counter() - start)
        start = time.perf_counter()
        assert pool.map(noop, range(MAP_ITEMS)) == list(range(MAP_ITEMS))
        per_item = MAP_ITEMS / (time.perf_counter() - start)
    start = time.perf_counter()
    processes = [Process(target=square, args=(i,)) for i in range(SMALL_TASKS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        assert process.exitcode == 0
    separate = time.perf_counter() - start
    return cold, warm, per_task, per_item, separate


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cold, warm, per_task, per_item, separate = (
        statistics.median(values) for values in zip(*(one_round() for _ in range(rounds)))
    )
    print(f"map of {SMALL_TASKS} small tasks, Pool({WORKERS}): {cold * 1000:.0f} ms cold,"
          f" {warm * 1000:.1f} ms warm")
    print(f"the same {SMALL_TASKS} tasks as {SMALL_TASKS} separate processes: {separate * 1000:.0f} ms")
    print(f"no-op tasks: apply_async {per_task:.0f} tasks/s; map (default chunks) {per_item:.0f} items/s")


if __name__ == "__main__":
    main()
