namespace ChatRoom.Internal;

/// <summary>Builds the replies that list messages or members, each cut to fit the messenger's largest frame.</summary>
/// <remarks>
/// A list that does not fit is cut and the reply says there is more: <c>hasMore</c> for messages (the client pages on
/// with <c>history</c>, or joins again with <c>since</c>), <c>moreMembers</c> or <c>hasMore</c> for members (it pages
/// on with <c>members</c> and <c>after</c>). Every element is measured as it will be written, so the bound is exact
/// and counts bytes, not characters: one member list of long names or one room of long messages cannot make a reply
/// that its transport drops (API Gateway: 128 KB) or that fills a client's outbound queue.
/// </remarks>
internal sealed class ReplyFrames(IConnectionMessenger messenger)
{
    private readonly int _maxBytes = messenger.MaxFrameBytes;

    /// <summary>
    /// The <c>joined</c> reply: members first, in at most half the frame, then as many messages as fit; the oldest ones
    /// with <paramref name="keepOldest"/> (recovery with <c>since</c>), the newest ones otherwise.
    /// </summary>
    public byte[] Joined(string room, ChatMember you, MemberList members, MessagePage history, bool keepOldest)
    {
        var widest = history.Range?.To;
        var envelope = FrameSerializer.SizeOf(new JoinedEvent(room, you, [], [], widest, widest, HasMore: false) { MoreMembers = true });
        var lists = _maxBytes - envelope;
        var listed = TakeMembers(members.Members, lists / 2, out var membersCut, out var membersBytes);
        var messages = TakeMessages(history.Messages, lists - membersBytes, keepOldest, out var messagesCut);
        var range = Narrow(history.Range, messages, messagesCut, keepOldest);
        return FrameSerializer.Joined(new JoinedEvent(room, you, listed, messages, range?.From, range?.To, history.HasMore || messagesCut)
        {
            MoreMembers = members.HasMore || membersCut ? true : null,
        });
    }

    /// <summary>
    /// The <c>history</c> reply: as many messages of the page as fit; the oldest ones with <paramref name="keepOldest"/>
    /// (read forwards with <c>after</c>), the newest ones otherwise (read backwards).
    /// </summary>
    public byte[] History(string room, MessagePage page, bool keepOldest)
    {
        var widest = page.Range?.To;
        var envelope = FrameSerializer.SizeOf(new HistoryEvent(room, [], widest, widest, HasMore: false));
        var messages = TakeMessages(page.Messages, _maxBytes - envelope, keepOldest, out var cut);
        var range = Narrow(page.Range, messages, cut, keepOldest);
        return FrameSerializer.History(new HistoryEvent(room, messages, range?.From, range?.To, page.HasMore || cut));
    }

    /// <summary>The <c>members</c> reply: the first members that fit.</summary>
    public byte[] Members(string room, MemberList members)
    {
        var envelope = FrameSerializer.SizeOf(new MembersEvent(room, [], HasMore: false));
        var listed = TakeMembers(members.Members, _maxBytes - envelope, out var cut, out _);
        return FrameSerializer.Members(new MembersEvent(room, listed, members.HasMore || cut));
    }

    private static List<ChatMember> TakeMembers(IReadOnlyList<ChatMember> members, int budget, out bool cut, out int used)
    {
        var taken = new List<ChatMember>(members.Count);
        used = 0;
        foreach (var member in members)
        {
            if (!Fits(FrameSerializer.SizeOf(member), taken.Count, budget, ref used))
            {
                break;
            }

            taken.Add(member);
        }

        cut = taken.Count < members.Count;
        return taken;
    }

    /// <summary>Takes messages from one end of an ascending page while they fit; returns them in ascending order.</summary>
    private static List<MessageEvent> TakeMessages(IReadOnlyList<ChatMessage> messages, int budget, bool keepOldest, out bool cut)
    {
        var taken = new List<MessageEvent>(messages.Count);
        var used = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = FrameSerializer.ToEvent(messages[keepOldest ? i : messages.Count - 1 - i]);
            if (!Fits(FrameSerializer.SizeOf(message), taken.Count, budget, ref used))
            {
                break;
            }

            taken.Add(message);
        }

        if (!keepOldest)
        {
            taken.Reverse();
        }

        cut = taken.Count < messages.Count;
        return taken;
    }

    /// <summary>
    /// The range a cut reply still accounts for: it ends at the last message kept (keeping the oldest) or starts at the
    /// first one kept (keeping the newest), since what was cut is still to be delivered. Every listed seq is at most
    /// the page's <see cref="SeqRange.To"/>, so the envelope measured with <c>To</c> at both ends bounds the narrowed one.
    /// </summary>
    private static SeqRange? Narrow(SeqRange? range, List<MessageEvent> kept, bool cut, bool keepOldest)
    {
        if (range is null || !cut)
        {
            return range;
        }

        if (kept.Count == 0)
        {
            return null;
        }

        return keepOldest ? new SeqRange(range.From, kept[^1].Seq) : new SeqRange(kept[0].Seq, range.To);
    }

    /// <summary>Adds an element of <paramref name="size"/> bytes, and the comma before it, to a list's bytes if they stay within budget.</summary>
    private static bool Fits(int size, int count, int budget, ref int used)
    {
        var next = used + size + (count > 0 ? 1 : 0);
        if (next > budget)
        {
            return false;
        }

        used = next;
        return true;
    }
}
