using Microsoft.Extensions.Options;

namespace ChatRoom.InMemory.Internal;

/// <summary>Checks the in-memory adapter's options at start-up.</summary>
internal sealed class InMemoryOptionsValidator : IValidateOptions<InMemoryOptions>
{
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
}
