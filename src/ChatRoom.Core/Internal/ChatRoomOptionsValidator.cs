using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>Checks <see cref="ChatRoomOptions"/> at start-up and says which setting is wrong.</summary>
internal sealed class ChatRoomOptionsValidator : IValidateOptions<ChatRoomOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatRoomOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.DefaultRoom) && !RoomName.IsValid(options.DefaultRoom))
        {
            failures.Add($"ChatRoom:DefaultRoom '{options.DefaultRoom}' is not a valid room name ({RoomName.Rule}); leave it empty to turn the default room off.");
        }

        ValidatePrivateRooms(failures, options);
        RequireRange(failures, nameof(options.MaxMessageLength), options.MaxMessageLength, 1, 1_000_000);
        RequireRange(failures, nameof(options.MaxRoomsPerConnection), options.MaxRoomsPerConnection, 1, 10_000);
        RequireRange(failures, nameof(options.RateLimitPerSecond), options.RateLimitPerSecond, 1, 1_000_000);
        RequireRange(failures, nameof(options.RateLimitBurst), options.RateLimitBurst, 1, 1_000_000);
        RequireRange(failures, nameof(options.JoinHistoryCount), options.JoinHistoryCount, 0, 1000);
        RequireRange(failures, nameof(options.MaxRecoveryCount), options.MaxRecoveryCount, 1, 10_000);
        RequireRange(failures, nameof(options.MaxMembersListed), options.MaxMembersListed, 0, 100_000);
        RequireRange(failures, nameof(options.BroadcastPageSize), options.BroadcastPageSize, 1, 100_000);
        RequireRange(failures, nameof(options.BroadcastConcurrency), options.BroadcastConcurrency, 1, 10_000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePrivateRooms(List<string> failures, ChatRoomOptions options)
    {
        var prefix = options.PrivateRoomPrefix;
        if (!string.IsNullOrEmpty(prefix) && (prefix.Length >= RoomName.MaxLength || !RoomName.IsValid(prefix)))
        {
            failures.Add($"ChatRoom:PrivateRoomPrefix '{prefix}' must be the start of a room name ({RoomName.Rule}), shorter than {RoomName.MaxLength} characters; leave it empty to turn private rooms off.");
        }

        foreach (var (room, users) in options.PrivateRooms)
        {
            if (string.IsNullOrEmpty(prefix) || !RoomName.IsValid(room) || !room.StartsWith(prefix, StringComparison.Ordinal))
            {
                failures.Add($"ChatRoom:PrivateRooms:{room} is not a private room name: it must be a room name ({RoomName.Rule}) starting with ChatRoom:PrivateRoomPrefix '{prefix}'.");
            }

            if (users is null || users.Any(static user => !UserIds.IsValid(user)))
            {
                failures.Add($"ChatRoom:PrivateRooms:{room} must list user ids ({UserIds.Rule}).");
            }
        }
    }

    private static void RequireRange(List<string> failures, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"ChatRoom:{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
