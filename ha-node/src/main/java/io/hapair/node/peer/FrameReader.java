package io.hapair.node.peer;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Splits a byte stream into length-prefixed frames (4-byte big-endian length, then the JSON). Once
 * stopped, by {@link #stop()} or by a length out of range, it drops every further byte: a connection
 * is refused at its first bad frame, and whatever the sender had queued behind it costs nothing.
 *
 * <p>Each frame's bytes are copied once, into a buffer of the frame's own size taken when its length has been
 * read and checked. Vert.x's RecordParser, used before, kept appending reads to a growing buffer and copied each
 * record out of it: a full resync of 10,000 services (20 pushes of a few hundred KB) cost the receiver about 25 MB
 * of such copies (JFR), against 6 MB now. The length is checked before anything is taken for it, and until the partner has
 * authenticated the limit is a handshake frame's few KiB.
 */
final class FrameReader implements Handler<Buffer> {

    private final Handler<Buffer> onFrame;
    private final Handler<String> onError;
    private int maxFrame;
    // The length prefix read so far, and the frame being filled once it is whole (null while reading a prefix).
    private int prefix;
    private int prefixBytes;
    private Buffer frame;
    private int missing;
    private boolean stopped;

    FrameReader(int maxFrame, Handler<Buffer> onFrame, Handler<String> onError) {
        this.maxFrame = maxFrame;
        this.onFrame = onFrame;
        this.onError = onError;
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
        frame = null;
        return true;
    }

    @Override
    public void handle(Buffer data) {
        int at = 0;
        int end = data.length();
        // A frame handler may stop the reader: the rest of this read then counts for nothing.
        while (at < end && !stopped) {
            if (frame == null) {
                prefix = (prefix << 8) | (data.getByte(at++) & 0xff);
                if (++prefixBytes == 4) {
                    startFrame();
                }
            } else {
                int n = Math.min(missing, end - at);
                frame.appendBuffer(data, at, n);
                at += n;
                missing -= n;
                if (missing == 0) {
                    Buffer whole = frame;
                    frame = null;
                    onFrame.handle(whole);
                }
            }
        }
    }

    private void startFrame() {
        int length = prefix;
        prefix = 0;
        prefixBytes = 0;
        if (length <= 0 || length > maxFrame) {
            onError.handle("frame length " + length + " outside 1.." + maxFrame);
            stop();
            return;
        }
        frame = Buffer.buffer(length);
        missing = length;
    }

    static Buffer frame(byte[] json) {
        return Buffer.buffer(json.length + 4).appendInt(json.length).appendBytes(json);
    }
}
