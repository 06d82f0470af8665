namespace ChatRoom.Internal;

/// <summary>Reads a room's members for replies, up to a limit.</summary>
internal static class MemberReader
{
    public static async Task<List<MemberView>> ReadAsync(IConnectionStore connections, string room, int limit, CancellationToken cancellationToken)
    {
        var members = new List<MemberView>();
        string? continuationToken = null;
        while (members.Count < limit)
        {
            var page = await connections.GetMembersAsync(room, continuationToken, Math.Min(limit - members.Count, 1000), cancellationToken).ConfigureAwait(false);
            foreach (var member in page.Members)
            {
                members.Add(MemberView.From(member));
            }

            continuationToken = page.ContinuationToken;
            if (continuationToken is null)
            {
                break;
            }
        }

        return members;
    }
}
