package io.neuroquantum.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** {@link FileIO.Handle} over a {@link FileChannel}. */
final class ChannelFileIO implements FileIO.Handle {

    private final FileChannel channel;

    private ChannelFileIO(FileChannel channel) {
        this.channel = channel;
    }

    static FileIO.Handle open(Path path, OpenOption... options) throws IOException {
        return new ChannelFileIO(FileChannel.open(path, options));
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return channel.write(src, position);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public void force() throws IOException {
        channel.force(false);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
