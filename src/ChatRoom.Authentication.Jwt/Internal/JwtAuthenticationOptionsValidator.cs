using Microsoft.Extensions.Options;

namespace ChatRoom.Authentication.Jwt.Internal;

/// <summary>Checks <see cref="JwtAuthenticationOptions"/> at start-up and says which setting is wrong.</summary>
internal sealed class JwtAuthenticationOptionsValidator : IValidateOptions<JwtAuthenticationOptions>
{
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, JwtAuthenticationOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            failures.Add("ChatRoom:Jwt:SigningKey is required: the HMAC secret tokens are signed with (at least 32 bytes; e.g. the environment variable ChatRoom__Jwt__SigningKey).");
        }
        else if (!JwtSigningKey.IsLongEnough(options.SigningKey))
        {
            failures.Add($"ChatRoom:Jwt:SigningKey is too short: an HMAC secret needs at least {JwtSigningKey.MinBytes} bytes (UTF-8).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > MaxClockSkew)
        {
            failures.Add($"ChatRoom:Jwt:ClockSkew is {options.ClockSkew}; it must be between 00:00:00 and {MaxClockSkew}.");
        }

        if (string.IsNullOrWhiteSpace(options.RoomsClaim))
        {
            failures.Add("ChatRoom:Jwt:RoomsClaim must name a claim (default \"rooms\").");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
