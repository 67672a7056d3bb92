package io.hapair.node.peer;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/** Splits a byte stream into length-prefixed frames (4-byte big-endian length, then the JSON). */
final class FrameReader implements Handler<Buffer> {

    private final RecordParser parser;
    private int maxFrame;
    private boolean readingHeader = true;

    FrameReader(int maxFrame, Handler<Buffer> onFrame, Handler<String> onError) {
        this.maxFrame = maxFrame;
        this.parser = RecordParser.newFixed(4);
        parser.handler(chunk -> {
            if (readingHeader) {
                int length = chunk.getInt(0);
                if (length <= 0 || length > this.maxFrame) {
                    onError.handle("frame length " + length + " outside 1.." + this.maxFrame);
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

    @Override
    public void handle(Buffer data) {
        parser.handle(data);
    }

    static Buffer frame(byte[] json) {
        return Buffer.buffer(json.length + 4).appendInt(json.length).appendBytes(json);
    }
}
