namespace ChatRoom.InMemory.Internal;

/// <summary>
/// One room's newest messages with contiguous sequence numbers, de-duplicated by sender and client message id, and
/// what they are estimated to hold in memory.
/// </summary>
/// <remarks>
/// Thread-safe: every call takes the log's lock. Once <see cref="TryForget"/> succeeds the log is frozen: appends
/// refuse it, so that the store puts them in a new log instead of one it no longer holds.
/// </remarks>
internal sealed class RoomLog(string room, int maxHistory, SeqFloor seqFloor)
{
    private readonly MessageRing _ring = new(maxHistory);
    private readonly Lock _lock = new();
    private Dictionary<(string UserId, string ClientMessageId), ChatMessage>? _bySenderId;
    private long _lastSeq;
    private long _messageBytes;
    private long _bytes;
    private long _lastUsed;
    private bool _forgotten;

    public string Room => room;

    /// <summary>Gets the estimated bytes the room holds; 0 until its first message.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Gets the stamp of the last append or read.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ring.Count;
            }
        }
    }

    /// <summary>Appends a message, or finds the held original of a resend.</summary>
    /// <param name="draft">The message.</param>
    /// <param name="stamp">The store's clock, for least-recently-used order.</param>
    /// <param name="bytesAdded">How much <see cref="Bytes"/> grew (dropping the oldest may shrink it).</param>
    /// <returns>The outcome, or <see langword="null"/> when the log was forgotten.</returns>
    public AppendResult? TryAppend(NewChatMessage draft, long stamp, out long bytesAdded)
    {
        lock (_lock)
        {
            bytesAdded = 0;
            if (_forgotten)
            {
                return null;
            }

            Touch(stamp);
            if (draft.ClientMessageId is { } clientId && _bySenderId?.GetValueOrDefault((draft.Sender.UserId, clientId)) is { } original)
            {
                return new AppendResult { Message = original, IsDuplicate = true };
            }

            if (_lastSeq == 0)
            {
                // Read on the first append, not at construction: the store publishes this log only after removing a
                // forgotten one of the same name, whose last seq was raised into the floor before.
                _lastSeq = seqFloor.Value;
            }

            if (_ring.IsFull)
            {
                Drop(_ring.RemoveOldest());
            }

            var message = draft.WithSeq(++_lastSeq);
            _ring.Add(message);
            _messageBytes += MemoryEstimate.Of(message);
            if (message.ClientMessageId is { } id)
            {
                (_bySenderId ??= [])[(message.Sender.UserId, id)] = message;
            }

            bytesAdded = Recount();
            return new AppendResult { Message = message, IsDuplicate = false };
        }
    }

    public MessagePage ReadBefore(long beforeSeq, int limit, long stamp)
    {
        lock (_lock)
        {
            Touch(stamp);
            if (_ring.Count == 0 || beforeSeq <= _ring.FirstSeq)
            {
                return MessagePage.Empty;
            }

            var last = Math.Min(beforeSeq - 1, _ring.LastSeq);
            var first = Math.Max(_ring.FirstSeq, last - limit + 1);
            return new MessagePage
            {
                Messages = _ring.Copy(first, last),
                HasMore = first > _ring.FirstSeq,
                Range = new SeqRange(first, last),
            };
        }
    }

    public MessagePage ReadAfter(long afterSeq, int limit, long stamp)
    {
        lock (_lock)
        {
            Touch(stamp);
            if (_ring.Count == 0 || afterSeq >= _ring.LastSeq)
            {
                return MessagePage.Empty;
            }

            var first = Math.Max(afterSeq + 1, _ring.FirstSeq);
            var last = Math.Min(_ring.LastSeq, first + limit - 1);

            // Appends take their seq and store the message in one step, so every seq below the oldest held was
            // stored and then dropped: the range starts right after the caller's seq.
            return new MessagePage
            {
                Messages = _ring.Copy(first, last),
                HasMore = last < _ring.LastSeq,
                Range = new SeqRange(Math.Max(afterSeq + 1, 1), last),
            };
        }
    }

    /// <summary>Freezes the log if it was not used since <paramref name="lastUsed"/>, raising the seq floor to its last seq.</summary>
    /// <returns>Whether it is now forgotten; its <see cref="Bytes"/> no longer change.</returns>
    public bool TryForget(long lastUsed)
    {
        lock (_lock)
        {
            if (_forgotten || _lastUsed != lastUsed)
            {
                return false;
            }

            seqFloor.Raise(_lastSeq);
            _forgotten = true;
            return true;
        }
    }

    /// <summary>Drops the oldest messages, at least one, until the room holds at most <paramref name="targetBytes"/>; the newest always stays.</summary>
    /// <returns>How much <see cref="Bytes"/> shrank.</returns>
    public long TrimOldest(long targetBytes)
    {
        lock (_lock)
        {
            if (_forgotten || _ring.Count <= 1)
            {
                return 0;
            }

            do
            {
                Drop(_ring.RemoveOldest());
            }
            while (_ring.Count > 1 && Estimate() > targetBytes);

            _ring.ShrinkToFit();
            _bySenderId?.TrimExcess();
            return -Recount();
        }
    }

    private void Touch(long stamp)
    {
        // Stamps are taken before the lock, so a later one may already be here.
        if (stamp > _lastUsed)
        {
            Volatile.Write(ref _lastUsed, stamp);
        }
    }

    private void Drop(ChatMessage dropped)
    {
        _messageBytes -= MemoryEstimate.Of(dropped);
        if (dropped.ClientMessageId is { } id)
        {
            _bySenderId!.Remove((dropped.Sender.UserId, id));
        }
    }

    private long Estimate()
    {
        var dedup = _bySenderId is null ? 0 : MemoryEstimate.DedupTableBytes + (_bySenderId.EnsureCapacity(0) * MemoryEstimate.DedupSlotBytes);
        return MemoryEstimate.RoomBytes + MemoryEstimate.Of(room) + (_ring.Capacity * MemoryEstimate.SlotBytes) + dedup + _messageBytes;
    }

    /// <summary>Updates <see cref="Bytes"/> and returns by how much it grew.</summary>
    private long Recount()
    {
        var bytes = Estimate();
        var grown = bytes - _bytes;
        Volatile.Write(ref _bytes, bytes);
        return grown;
    }
}
