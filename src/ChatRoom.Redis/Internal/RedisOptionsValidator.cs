using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Redis.Internal;

/// <summary>Checks <see cref="RedisOptions"/> at start-up and says which setting is wrong.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    private static readonly TimeSpan s_minLease = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_maxLease = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add("ChatRoom:Redis:Configuration is required, e.g. localhost:6379.");
        }
        else if (!IsConfiguration(options.Configuration, out var problem))
        {
            // The value itself may hold a password, so only the parser's complaint is repeated.
            failures.Add($"ChatRoom:Redis:Configuration is not a StackExchange.Redis configuration string: {problem}");
        }

        // Braces would end the hash tag early and spread a room's keys over several cluster slots.
        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add($"ChatRoom:Redis:KeyPrefix '{options.KeyPrefix}' must be non-empty and contain no '{{' or '}}'.");
        }

        if (options.NodeLeaseDuration < s_minLease || options.NodeLeaseDuration > s_maxLease)
        {
            failures.Add($"ChatRoom:Redis:NodeLeaseDuration is {options.NodeLeaseDuration}; it must be between {s_minLease} and {s_maxLease}.");
        }

        if (options.ConnectionTimeToLive < options.NodeLeaseDuration)
        {
            failures.Add($"ChatRoom:Redis:ConnectionTimeToLive is {options.ConnectionTimeToLive}; it must be at least ChatRoom:Redis:NodeLeaseDuration ({options.NodeLeaseDuration}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsConfiguration(string configuration, out string problem)
    {
        try
        {
            var endPoints = ConfigurationOptions.Parse(configuration).EndPoints.Count;
            problem = endPoints > 0 ? string.Empty : "it names no endpoint.";
            return endPoints > 0;
        }
        catch (ArgumentException ex)
        {
            problem = ex.Message;
            return false;
        }
    }
}
