namespace ChatRoom.InMemory.Internal;

/// <summary>One room's messages: a ring buffer of the newest ones, with contiguous sequence numbers.</summary>
internal sealed class RoomLog(int capacity)
{
    private readonly ChatMessage[] _ring = new ChatMessage[capacity];
    private readonly Dictionary<(string UserId, string ClientMessageId), ChatMessage> _bySenderId = [];
    private readonly Lock _lock = new();
    private long _lastSeq;
    private int _count;

    private long FirstSeq => _lastSeq - _count + 1;

    public AppendResult Append(NewChatMessage draft)
    {
        lock (_lock)
        {
            if (draft.ClientMessageId is { } clientId && _bySenderId.TryGetValue((draft.Sender.UserId, clientId), out var original))
            {
                return new AppendResult(original, IsDuplicate: true);
            }

            if (_count == _ring.Length)
            {
                Forget(At(FirstSeq));
                _count--;
            }

            var message = draft.WithSeq(++_lastSeq);
            _ring[Slot(message.Seq)] = message;
            _count++;
            if (message.ClientMessageId is { } id)
            {
                _bySenderId[(message.Sender.UserId, id)] = message;
            }

            return new AppendResult(message, IsDuplicate: false);
        }
    }

    public MessagePage ReadBefore(long beforeSeq, int limit)
    {
        lock (_lock)
        {
            var last = Math.Min(beforeSeq - 1, _lastSeq);
            if (_count == 0 || last < FirstSeq)
            {
                return MessagePage.Empty;
            }

            var first = Math.Max(FirstSeq, last - limit + 1);
            return new MessagePage(Copy(first, last), HasMore: first > FirstSeq);
        }
    }

    public MessagePage ReadAfter(long afterSeq, int limit)
    {
        lock (_lock)
        {
            var first = Math.Max(afterSeq + 1, FirstSeq);
            if (_count == 0 || first > _lastSeq)
            {
                return MessagePage.Empty;
            }

            var last = Math.Min(_lastSeq, first + limit - 1);
            return new MessagePage(Copy(first, last), HasMore: last < _lastSeq);
        }
    }

    private ChatMessage[] Copy(long firstSeq, long lastSeq)
    {
        var messages = new ChatMessage[lastSeq - firstSeq + 1];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = At(firstSeq + i);
        }

        return messages;
    }

    private ChatMessage At(long seq) => _ring[Slot(seq)];

    private int Slot(long seq) => (int)((seq - 1) % _ring.Length);

    private void Forget(ChatMessage dropped)
    {
        if (dropped.ClientMessageId is { } id)
        {
            _bySenderId.Remove((dropped.Sender.UserId, id));
        }
    }
}
