package dev.parallax.clickhouse.http;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/** Counts open connections, per client address and in all, against {@link FrontLimits}. */
final class ClientLimiter {

    private final int perClient;
    private final int total;
    private final Map<InetAddress, Integer> open = new HashMap<>();
    private int all;

    ClientLimiter(int perClient, int total) {
        this.perClient = perClient;
        this.total = total;
    }

    /** Takes a place for a new connection from {@code client}; false when it has no place left. */
    synchronized boolean admit(InetAddress client) {
        int current = open.getOrDefault(client, 0);
        if (current >= perClient || all >= total) return false;
        open.put(client, current + 1);
        all++;
        return true;
    }

    synchronized void release(InetAddress client) {
        int current = open.getOrDefault(client, 0);
        if (current <= 1) open.remove(client);
        else open.put(client, current - 1);
        all--;
    }

    synchronized int open(InetAddress client) {
        return open.getOrDefault(client, 0);
    }
}
