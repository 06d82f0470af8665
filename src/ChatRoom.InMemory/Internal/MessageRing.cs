namespace ChatRoom.InMemory.Internal;

/// <summary>
/// A circular buffer of one room's messages with contiguous sequence numbers: it starts small and doubles up to a
/// maximum, so a room holds slots only for what it has stored. Appends and lookups by seq are O(1).
/// </summary>
/// <remarks>Not thread-safe: its <see cref="RoomLog"/> holds a lock around every call.</remarks>
internal sealed class MessageRing
{
    /// <summary>The slots a room starts with: most rooms hold a handful of messages.</summary>
    public const int InitialCapacity = 4;

    private readonly int _maxCapacity;
    private ChatMessage[] _slots;
    private int _head;

    public MessageRing(int maxCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCapacity, 1);
        _maxCapacity = maxCapacity;
        _slots = new ChatMessage[Math.Min(InitialCapacity, maxCapacity)];
    }

    public int Count { get; private set; }

    public int Capacity => _slots.Length;

    /// <summary>Gets the oldest message's seq; meaningless while empty.</summary>
    public long FirstSeq => _slots[_head].Seq;

    /// <summary>Gets the newest message's seq; meaningless while empty.</summary>
    public long LastSeq => _slots[Slot(Count - 1)].Seq;

    public bool IsFull => Count == _maxCapacity;

    /// <summary>Adds the next message, growing the buffer if it is full but below the maximum.</summary>
    /// <remarks>The caller removes the oldest first when <see cref="IsFull"/>.</remarks>
    public void Add(ChatMessage message)
    {
        if (Count == _slots.Length)
        {
            Resize(Math.Min(_maxCapacity, _slots.Length * 2));
        }

        _slots[Slot(Count)] = message;
        Count++;
    }

    public ChatMessage RemoveOldest()
    {
        var oldest = _slots[_head];
        _slots[_head] = null!;
        _head = (_head + 1) % _slots.Length;
        Count--;
        return oldest;
    }

    /// <summary>Gives back slots after many removals: halves the buffer while it is at most a quarter full.</summary>
    /// <remarks>A quarter, not a half, so that a room hovering at a boundary does not resize on every message.</remarks>
    public void ShrinkToFit()
    {
        var capacity = _slots.Length;
        while (capacity > InitialCapacity && Count <= capacity / 4)
        {
            capacity /= 2;
        }

        if (capacity != _slots.Length)
        {
            Resize(capacity);
        }
    }

    /// <summary>Copies the messages from <paramref name="firstSeq"/> to <paramref name="lastSeq"/>, both held.</summary>
    public ChatMessage[] Copy(long firstSeq, long lastSeq)
    {
        var messages = new ChatMessage[lastSeq - firstSeq + 1];
        CopyTo((int)(firstSeq - FirstSeq), messages, messages.Length);
        return messages;
    }

    private int Slot(int offset) => (_head + offset) % _slots.Length;

    /// <summary>Copies <paramref name="count"/> messages, starting <paramref name="offset"/> after the oldest.</summary>
    private void CopyTo(int offset, ChatMessage[] destination, int count)
    {
        var start = Slot(offset);
        var beforeWrap = Math.Min(count, _slots.Length - start);
        Array.Copy(_slots, start, destination, 0, beforeWrap);
        Array.Copy(_slots, 0, destination, beforeWrap, count - beforeWrap);
    }

    private void Resize(int capacity)
    {
        var slots = new ChatMessage[capacity];
        CopyTo(0, slots, Count);
        _slots = slots;
        _head = 0;
    }
}
