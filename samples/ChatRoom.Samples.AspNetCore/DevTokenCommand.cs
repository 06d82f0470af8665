using System.Globalization;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// <c>token --user alice [--name Alice] [--rooms private.ops,private.dev] [--hours 8]</c>: prints a development token
/// signed with the configured <c>ChatRoom:Jwt:SigningKey</c> (and its <c>Issuer</c> and <c>Audience</c>).
/// </summary>
/// <remarks>For local development only: in production an identity provider issues tokens.</remarks>
internal static class DevTokenCommand
{
    public const string Name = "token";
    private const string Usage = "usage: token --user <id> [--name <display name>] [--rooms <room>[,<room>…]] [--hours <1-720>]";

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var options = configuration.GetSection(ChatRoomOptions.SectionName).GetSection(JwtOptions.SectionName).Get<JwtOptions>() ?? new JwtOptions();
        if (!options.HasUsableSigningKey)
        {
            error.WriteLine("Set ChatRoom:Jwt:SigningKey (at least 32 bytes) first, e.g. the environment variable ChatRoom__Jwt__SigningKey, or --ChatRoom:Jwt:SigningKey=….");
            return 2;
        }

        if (!TryParse(args, out var user, out var name, out var rooms, out var hours, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 2;
        }

        output.WriteLine(Create(options, user, name, rooms, DateTimeOffset.UtcNow, TimeSpan.FromHours(hours)));
        return 0;
    }

    /// <summary>Creates a token for <paramref name="user"/> valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public static string Create(JwtOptions options, string user, string? name, IReadOnlyList<string> rooms, DateTimeOffset now, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = user };
        if (!string.IsNullOrEmpty(name))
        {
            claims[JwtRegisteredClaimNames.Name] = name;
        }

        if (rooms.Count > 0)
        {
            claims[options.RoomsClaim] = rooms.ToArray();
        }

        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = string.IsNullOrEmpty(options.Issuer) ? null : options.Issuer,
            Audience = string.IsNullOrEmpty(options.Audience) ? null : options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey!)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static bool TryParse(string[] args, out string user, out string? name, out List<string> rooms, out double hours, out string problem)
    {
        (user, name, rooms, hours, problem) = (string.Empty, null, [], 8, string.Empty);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--user" when value is not null:
                    user = value;
                    break;
                case "--name" when value is not null:
                    name = value;
                    break;
                case "--rooms" when value is not null:
                    rooms.AddRange(value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--hours" when value is not null:
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out hours) || hours is <= 0 or > 720)
                    {
                        problem = $"--hours '{value}' must be a number of hours between 0 and 720.";
                        return false;
                    }

                    break;
                default:
                    if (args[i].StartsWith("--ChatRoom:", StringComparison.OrdinalIgnoreCase) || args[i].StartsWith("--urls", StringComparison.OrdinalIgnoreCase))
                    {
                        // Configuration for the key: read by the configuration, not by the command.
                        i += args[i].Contains('=', StringComparison.Ordinal) ? 0 : 1;
                        continue;
                    }

                    problem = $"Unknown or incomplete argument '{args[i]}'.";
                    return false;
            }

            i++;
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            problem = "--user is required.";
            return false;
        }

        return true;
    }
}
