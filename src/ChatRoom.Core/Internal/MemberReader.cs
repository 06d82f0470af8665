namespace ChatRoom.Internal;

/// <summary>Reads a room's members for replies, up to a limit.</summary>
internal static class MemberReader
{
    /// <summary>Reads up to <paramref name="limit"/> members after the connection id <paramref name="after"/> (from the first without it).</summary>
    public static async Task<MemberList> ReadAsync(IConnectionStore connections, string room, string? after, int limit, CancellationToken cancellationToken)
    {
        if (limit == 0)
        {
            return MemberList.Empty;
        }

        var members = new List<ChatMember>();
        var continuationToken = after;
        while (members.Count < limit)
        {
            var page = await connections.GetMembersAsync(room, continuationToken, Math.Min(limit - members.Count, 1000), cancellationToken).ConfigureAwait(false);
            members.AddRange(page.Members);

            continuationToken = page.ContinuationToken;
            if (continuationToken is null)
            {
                return new MemberList(members, HasMore: false);
            }
        }

        return new MemberList(members, HasMore: true);
    }
}
