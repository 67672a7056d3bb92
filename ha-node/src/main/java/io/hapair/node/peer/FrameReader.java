package io.hapair.node.peer;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * Splits a byte stream into length-prefixed frames (4-byte big-endian length, then the JSON). Once
 * stopped, by {@link #stop()} or by a length out of range, it drops every further byte: a connection
 * is refused at its first bad frame, and whatever the sender had queued behind it costs nothing.
 */
final class FrameReader implements Handler<Buffer> {

    private final RecordParser parser;
    private int maxFrame;
    private boolean readingHeader = true;
    private boolean stopped;

    FrameReader(int maxFrame, Handler<Buffer> onFrame, Handler<String> onError) {
        this.maxFrame = maxFrame;
        this.parser = RecordParser.newFixed(4);
        parser.handler(chunk -> {
            // The parser may hold more records of the same read; none of them counts after a refusal.
            if (stopped) {
                return;
            }
            if (readingHeader) {
                int length = chunk.getInt(0);
                if (length <= 0 || length > this.maxFrame) {
                    onError.handle("frame length " + length + " outside 1.." + this.maxFrame);
                    stop();
                    return;
                }
                readingHeader = false;
                parser.fixedSizeMode(length);
            } else {
                readingHeader = true;
                parser.fixedSizeMode(4);
                onFrame.handle(chunk);
            }
        });
    }

    /** Raised once the peer has authenticated: settings frames are larger than handshake frames. */
    void maxFrame(int bytes) {
        this.maxFrame = bytes;
    }

    /** Stops reading for good; returns false if it had already stopped (so a refusal is counted once). */
    boolean stop() {
        if (stopped) {
            return false;
        }
        stopped = true;
        parser.pause();
        return true;
    }

    @Override
    public void handle(Buffer data) {
        if (!stopped) {
            parser.handle(data);
        }
    }

    static Buffer frame(byte[] json) {
        return Buffer.buffer(json.length + 4).appendInt(json.length).appendBytes(json);
    }
}
