namespace ChatRoom.Client.Internal;

/// <summary>
/// One room's ordering state (the client algorithm of docs/client.md, steps 1-4): hands each seq over once, in
/// increasing order, buffers what arrives early, and skips what a server range says will never come.
/// </summary>
/// <remarks>Pure: no clock, no I/O. Not thread-safe; the client calls it under its lock. Timers live in <see cref="ClientRoom"/>.</remarks>
internal sealed class RoomDeliveryOrder
{
    private readonly SortedDictionary<long, ServerFrame> _buffer = [];

    /// <summary>Starts a room; <paramref name="delivered"/> is the app's <c>since</c> when it resumes, else unset.</summary>
    public RoomDeliveryOrder(long? delivered = null) => Delivered = delivered;

    /// <summary>Gets the highest seq handed over or accounted for; null until the first <c>joined</c> reply.</summary>
    public long? Delivered { get; private set; }

    /// <summary>Gets whether a seq above <see cref="Delivered"/> + 1 is buffered while the ones below it are missing.</summary>
    public bool HasGap => Delivered is not null && _buffer.Count > 0;

    /// <summary>Gets how many messages wait in the buffer.</summary>
    public int Buffered => _buffer.Count;

    /// <summary>Applies a <c>joined</c> reply (step 1).</summary>
    /// <param name="messages">The reply's messages.</param>
    /// <param name="from">The reply's <c>from</c>, when present.</param>
    /// <param name="to">The reply's <c>to</c>, when present.</param>
    /// <param name="hasMore">The reply's <c>hasMore</c>.</param>
    /// <param name="withSince">Whether the join carried <c>since</c> (then <c>hasMore</c> means newer messages follow).</param>
    /// <param name="output">Receives the messages to hand over, in order.</param>
    /// <returns>Whether to page on at once with <c>history</c> <c>after</c> = <see cref="Delivered"/>.</returns>
    public bool OnJoined(IReadOnlyList<ServerFrame> messages, long? from, long? to, bool hasMore, bool withSince, List<ServerFrame> output)
    {
        if (Delivered is null)
        {
            // A first join lists the room's latest messages: all of them are new to us, and nothing older is owed.
            long last = 0;
            foreach (var message in messages.OrderBy(m => m.Seq))
            {
                if (message.Seq is { } seq && seq > last)
                {
                    output.Add(message);
                    last = seq;
                }
            }

            Delivered = Math.Max(last, to ?? 0);
            Drain(output);
            return false;
        }

        var before = Delivered.Value;
        ApplyRange(messages, from, to, output);
        return withSince && hasMore && Delivered > before;
    }

    /// <summary>Applies a live <c>message</c> (steps 2 and 3).</summary>
    /// <returns>Whether the message was new (handed over or buffered), not a duplicate.</returns>
    public bool OnLive(ServerFrame message, List<ServerFrame> output)
    {
        if (message.Seq is not { } seq || seq <= (Delivered ?? long.MinValue) || _buffer.ContainsKey(seq))
        {
            return false;
        }

        if (Delivered is { } delivered && seq == delivered + 1)
        {
            output.Add(message);
            Delivered = seq;
            Drain(output);
            return true;
        }

        _buffer.Add(seq, message);
        return true;
    }

    /// <summary>Applies a <c>history</c> reply to a fill (step 4).</summary>
    /// <returns>Whether to fill again at once: a gap is still open or the reply was cut, and the reply made progress.</returns>
    public bool OnHistory(IReadOnlyList<ServerFrame> messages, long? from, long? to, bool hasMore, List<ServerFrame> output)
    {
        if (Delivered is not { } before)
        {
            return false;
        }

        ApplyRange(messages, from, to, output);

        // No progress (nothing accounted) waits for the gap timer instead of asking again in a loop.
        return Delivered > before && (hasMore || _buffer.Count > 0);
    }

    private void ApplyRange(IReadOnlyList<ServerFrame> messages, long? from, long? to, List<ServerFrame> output)
    {
        var delivered = Delivered!.Value;
        foreach (var message in messages)
        {
            if (message.Seq is { } seq && seq > delivered)
            {
                _buffer.TryAdd(seq, message);
            }
        }

        // The range is authoritative only when it starts at or below the next seq we owe: every seq in it is listed
        // (now in the buffer) or will never be delivered, so hand the buffer over up to its end, skipping the rest.
        if (from is { } first && to is { } last && first <= delivered + 1 && last > delivered)
        {
            while (_buffer.Count > 0)
            {
                var (seq, message) = _buffer.First();
                if (seq > last)
                {
                    break;
                }

                _buffer.Remove(seq);
                output.Add(message);
            }

            Delivered = last;
        }

        Drain(output);
    }

    private void Drain(List<ServerFrame> output)
    {
        var delivered = Delivered!.Value;
        while (_buffer.Count > 0)
        {
            var (seq, message) = _buffer.First();
            if (seq <= delivered)
            {
                _buffer.Remove(seq);
            }
            else if (seq == delivered + 1)
            {
                _buffer.Remove(seq);
                output.Add(message);
                delivered = seq;
            }
            else
            {
                break;
            }
        }

        Delivered = delivered;
    }
}
