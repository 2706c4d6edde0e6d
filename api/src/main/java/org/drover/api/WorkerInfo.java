package org.drover.api;

/**
 * The worker an application runs in, injectable into its constructor.
 *
 * @param index the worker's stable index, 1..processes (a respawned worker keeps its index)
 * @param pid the worker's process id
 * @param threads how many request threads call the application concurrently
 */
public record WorkerInfo(int index, long pid, int threads) {}
