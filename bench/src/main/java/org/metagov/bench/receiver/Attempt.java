package org.metagov.bench.receiver;

/** One POST the dispatcher made, as the receiver saw it; times in epoch microseconds. */
public record Attempt(long receivedUs, String id, String community, String run, String phase, long seq, long sentUs,
        long eventUs, int status) {

    String tsv() {
        return receivedUs + "\t" + id + "\t" + community + "\t" + run + "\t" + phase + "\t" + seq + "\t" + sentUs
                + "\t" + eventUs + "\t" + status;
    }

    static Attempt parse(String line) {
        String[] f = line.split("\t", -1);
        return new Attempt(Long.parseLong(f[0]), f[1], f[2], f[3], f[4], Long.parseLong(f[5]), Long.parseLong(f[6]),
                Long.parseLong(f[7]), Integer.parseInt(f[8]));
    }

    public boolean delivered() {
        return status / 100 == 2;
    }
}
