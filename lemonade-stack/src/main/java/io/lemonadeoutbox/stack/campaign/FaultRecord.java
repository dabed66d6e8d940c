package io.lemonadeoutbox.stack.campaign;

/** A fault as it really happened: when it began and ended, and what it did (or why it could not). */
record FaultRecord(Fault fault, long startMillis, long endMillis, String outcome) {
}
