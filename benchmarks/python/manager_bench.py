"""Python's multiprocessing.Manager on the workloads of the jmanager benchmark.

One SyncManager server process; N client processes, each doing one call at a time on a proxy of
the shared dict, queue or list, as the benchmark's client threads do. Prints one JSON object: the
operations per second in the measured window, latency percentiles in microseconds, and the
result of a correctness check.

Usage: python3 manager_bench.py WORKLOAD PROCESSES WARMUP_SECONDS SECONDS
  WORKLOAD: map (set then get of a 12-character key and a 16-byte value), queue (put then get),
  list (append)
"""
import json
import multiprocessing as mp
import sys
import time

KEYS_PER_PROCESS = 10_000


def key(process, step):
    return "k%03d-%07d" % (process, step % KEYS_PER_PROCESS)


def value(k):
    return ("v" + k + "xxx").encode("ascii")[:16]


def client(workload, shared, process, warmup_end, end, results):
    latencies = []
    steps = 0
    measured = 0
    now = time.perf_counter
    while True:
        t = now()
        if t >= end:
            break
        k = key(process, steps)
        v = value(k)
        if workload == "map":
            start = now()
            shared[k] = v
            middle = now()
            if shared[k] != v:
                raise SystemExit("wrong value under " + k)
            done = now()
            ops = ((start, middle), (middle, done))
        elif workload == "queue":
            start = now()
            shared.put(v)
            middle = now()
            shared.get()
            done = now()
            ops = ((start, middle), (middle, done))
        else:
            start = now()
            shared.append(v)
            ops = ((start, now()),)
        steps += 1
        if start >= warmup_end:
            for a, b in ops:
                latencies.append(int((b - a) * 1_000_000))
            measured += len(ops)
    results.put((process, steps, measured, latencies))


def percentile(sorted_values, p):
    if not sorted_values:
        return 0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def main():
    workload, processes, warmup, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    with mp.Manager() as manager:
        shared = {"map": manager.dict, "queue": manager.Queue, "list": manager.list}[workload]()
        results = mp.Queue()
        start = time.perf_counter() + 0.5
        warmup_end = start + warmup
        end = warmup_end + seconds
        clients = [mp.Process(target=client, args=(workload, shared, i, warmup_end, end, results))
                   for i in range(processes)]
        for c in clients:
            c.start()
        collected = [results.get() for _ in clients]
        for c in clients:
            c.join()
            if c.exitcode != 0:
                raise SystemExit("a client failed")
        steps = sum(r[1] for r in collected)
        measured = sum(r[2] for r in collected)
        latencies = sorted(x for r in collected for x in r[3])
        if workload == "map":
            expected = sum(min(r[1], KEYS_PER_PROCESS) for r in collected)
            ok = len(shared) == expected
            check = "%d keys" % len(shared)
        elif workload == "queue":
            ok = shared.qsize() == 0
            check = "%d put and got, queue empty" % steps
        else:
            ok = len(shared) == steps
            check = "%d elements" % len(shared)
        print(json.dumps({
            "ops_per_second": measured / seconds,
            "p50_us": percentile(latencies, 50),
            "p99_us": percentile(latencies, 99),
            "p999_us": percentile(latencies, 99.9),
            "check": check if ok else "WRONG: " + check,
            "ok": ok,
        }))


if __name__ == "__main__":
    main()
