package org.metagov.bench.cpu;

import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time from Linux's /proc, in ticks (USER_HZ, 100 per second). */
public final class ProcStat {
    public static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    /** utime + stime of the process; -1 when it cannot be read (gone, not ours). */
    public static long cpuTicks(long pid) {
        long[] f = fields(pid);
        return f == null ? -1 : f[0] + f[1];
    }

    /** utime + stime + what its reaped children used (cutime, cstime); -1 when it cannot be read. */
    public static long cpuTicksWithReapedChildren(long pid) {
        long[] f = fields(pid);
        return f == null ? -1 : f[0] + f[1] + f[2] + f[3];
    }

    /** As {@link #cpuTicksWithReapedChildren}, plus its live descendants' (PostgreSQL's backends, say). */
    public static long cpuTicksOfTree(long pid) {
        long own = cpuTicksWithReapedChildren(pid);
        if (own < 0) {
            return -1;
        }
        long children = ProcessHandle.of(pid).map(p -> p.descendants()
                .mapToLong(d -> Math.max(0, cpuTicksWithReapedChildren(d.pid()))).sum()).orElse(0L);
        return own + children;
    }

    /** [total, idle+iowait] jiffies of the whole machine, from the first line of /proc/stat; zeros if unreadable. */
    public static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }

    /** Fields 14-17 of /proc/<pid>/stat: utime, stime, cutime, cstime. */
    private static long[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14])};
        } catch (Exception e) {
            return null;
        }
    }
}
