package io.sprocket.journal;

/**
 * What a {@link JournalReader} hands each record to.
 *
 * <p><b>Note:</b> called on the polling thread, one record at a time, in sequence order. The record
 * (and its {@link JournalRecord#buffer() buffer}) is valid only until the handler returns. An
 * implementation should not allocate if replay is to stay allocation-free.
 */
@FunctionalInterface
public interface RecordHandler {
    /**
     * Handles one record.
     *
     * @param record the record: a view, valid until this method returns.
     * @return true when the record was taken (the reader moves past it); false to stop here, so that
     *         the next poll hands the same record again (a ring that is full, say).
     */
    boolean onRecord(JournalRecord record);
}
