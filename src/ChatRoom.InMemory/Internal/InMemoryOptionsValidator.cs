using Microsoft.Extensions.Options;

namespace ChatRoom.InMemory.Internal;

/// <summary>Checks the in-memory adapter's options at start-up.</summary>
internal sealed class InMemoryOptionsValidator : IValidateOptions<InMemoryOptions>, IValidateOptions<WebSocketHostOptions>
{
    /// <summary>The smallest outbound frame limit: a message of the default 4,000 characters must fit in half a frame.</summary>
    private const int MinOutboundFrameBytes = 32 * 1024;

    /// <summary>The smallest history budget: one longest message (4,000 characters) with its room, about 9 KB, fits.</summary>
    private const long MinHistoryBytes = 16 * 1024;

    public ValidateOptionsResult Validate(string? name, InMemoryOptions options)
    {
        var failures = new List<string>();
        if (options.MaxHistoryPerRoom is < 1 or > 10_000_000)
        {
            failures.Add($"ChatRoom:InMemory:MaxHistoryPerRoom is {options.MaxHistoryPerRoom}; it must be between 1 and 10000000.");
        }

        if (options.MaxRooms is < 1 or > 10_000_000)
        {
            failures.Add($"ChatRoom:InMemory:MaxRooms is {options.MaxRooms}; it must be between 1 and 10000000.");
        }

        if (options.MaxHistoryBytes < MinHistoryBytes)
        {
            failures.Add($"ChatRoom:InMemory:MaxHistoryBytes is {options.MaxHistoryBytes}; it must be at least {MinHistoryBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, WebSocketHostOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFrameBytes is < 256 or > 16 * 1024 * 1024)
        {
            failures.Add($"ChatRoom:WebSocket:MaxFrameBytes is {options.MaxFrameBytes}; it must be between 256 and 16777216.");
        }

        if (options.MaxQueuedBytes < options.MaxFrameBytes)
        {
            failures.Add($"ChatRoom:WebSocket:MaxQueuedBytes is {options.MaxQueuedBytes}; it must be at least MaxFrameBytes ({options.MaxFrameBytes}).");
        }

        if (options.MaxOutboundFrameBytes < MinOutboundFrameBytes || options.MaxOutboundFrameBytes > options.MaxQueuedBytes / 2)
        {
            failures.Add($"ChatRoom:WebSocket:MaxOutboundFrameBytes is {options.MaxOutboundFrameBytes}; it must be between {MinOutboundFrameBytes} and half of MaxQueuedBytes ({options.MaxQueuedBytes / 2}).");
        }

        if (options.CloseTimeout <= TimeSpan.Zero)
        {
            failures.Add("ChatRoom:WebSocket:CloseTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
