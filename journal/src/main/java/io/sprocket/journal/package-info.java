/**
 * Journal and replay: every message on disk before the business logic sees it, recovered intact after
 * a crash. {@link io.sprocket.journal.Journal} opens (and recovers) a directory of memory-mapped
 * segment files and supplies the ring consumer that appends to it; {@link io.sprocket.journal.JournalReader}
 * reads it back, as a replay or a live tail; {@link io.sprocket.journal.RingReplayer} publishes it into
 * a ring again; {@link io.sprocket.journal.JournalVerifier} checks it. The format is drawn in
 * {@link io.sprocket.journal.JournalDescriptor}.
 */
package io.sprocket.journal;
