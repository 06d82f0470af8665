namespace ChatRoom.Internal;

/// <summary><c>history</c>: pages backwards through a room's messages (<c>before</c>), or forwards (<c>after</c>) to fill a gap.</summary>
internal sealed class HistoryHandler(IConnectionStore connections, IMessageStore messages, ReplyFrames replies) : IActionHandler
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public string Action => "history";

    public bool NeedsConnection => true;

    public async Task<ChatError?> HandleAsync(ActionContext context)
    {
        var limit = context.Frame.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            return FrameRules.BadRequest($"\"limit\" must be between 1 and {MaxLimit}.");
        }

        if (context.Frame.Before is < 1)
        {
            return FrameRules.BadRequest("\"before\" must be a sequence number of 1 or more.");
        }

        var after = context.Frame.After;
        if (after is { Seq: null or < 0 })
        {
            return FrameRules.BadRequest("\"after\" must be a sequence number of 0 or more.");
        }

        if (after is not null && context.Frame.Before is not null)
        {
            return FrameRules.BadRequest("\"after\" and \"before\" cannot be used together.");
        }

        var (room, error) = await FrameRules.RoomOfMemberAsync(connections, context).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var page = (after?.Seq, context.Frame.Before) switch
        {
            ({ } afterSeq, _) => await messages.GetAfterAsync(room, afterSeq, limit, context.CancellationToken).ConfigureAwait(false),
            (_, { } before) => await messages.GetBeforeAsync(room, before, limit, context.CancellationToken).ConfigureAwait(false),
            _ => await messages.GetLatestAsync(room, limit, context.CancellationToken).ConfigureAwait(false),
        };
        await context.ReplyAsync(replies.History(room, page, keepOldest: after is not null)).ConfigureAwait(false);
        return null;
    }
}
