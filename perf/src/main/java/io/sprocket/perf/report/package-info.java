/**
 * What the perf harness prints and writes: result rows and their JSON, the interleaved comparisons
 * with their per-round ratios, the goals, the side-by-side tables, the {@code .hgrm} files and the
 * percentile plot.
 *
 * <p>Nothing here runs on a measured thread: these types are built and read by the harness's main
 * thread between measurements, and they allocate freely.
 */
package io.sprocket.perf.report;
