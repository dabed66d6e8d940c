package io.lemonadeoutbox.lemonade.publishing.republish;

import java.time.Instant;

/** Progress of the latest republish this instance ran; {@code state} is RUNNING, DONE or FAILED. */
record RepublishStatus(String state, long fromGlobalIndex, long toGlobalIndex, long published,
                       Instant startedAt, Instant finishedAt, String error) {

    static RepublishStatus started(long from, long to, Instant now) {
        return new RepublishStatus("RUNNING", from, to, 0, now, null, null);
    }

    RepublishStatus progressed(long published) {
        return new RepublishStatus(state, fromGlobalIndex, toGlobalIndex, published, startedAt, null, null);
    }

    RepublishStatus done(Instant now) {
        return new RepublishStatus("DONE", fromGlobalIndex, toGlobalIndex, published, startedAt, now, null);
    }

    RepublishStatus failed(Instant now, String why) {
        return new RepublishStatus("FAILED", fromGlobalIndex, toGlobalIndex, published, startedAt, now, why);
    }

    public boolean running() {
        return "RUNNING".equals(state);
    }
}
