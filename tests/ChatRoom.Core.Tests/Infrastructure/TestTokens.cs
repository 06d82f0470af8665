using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.Core.Tests;

/// <summary>Mints JWTs for tests, independently of the code under test: explicit times, no clock read.</summary>
internal static class TestTokens
{
    public const string SigningKey = "a-test-signing-key-of-more-than-32-bytes";
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public static string Create(
        IDictionary<string, object> claims,
        DateTimeOffset? expires = null,
        DateTimeOffset? notBefore = null,
        string key = SigningKey,
        string algorithm = SecurityAlgorithms.HmacSha256,
        string? issuer = null,
        string? audience = null,
        bool withExpiry = true)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Expires = withExpiry ? (expires ?? Now.AddHours(1)).UtcDateTime : null,
            NotBefore = notBefore?.UtcDateTime,
            Issuer = issuer,
            Audience = audience,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    public static string For(string sub, string? name = null, params string[] rooms)
    {
        var claims = new Dictionary<string, object> { ["sub"] = sub };
        if (name is not null)
        {
            claims["name"] = name;
        }

        if (rooms.Length > 0)
        {
            claims["rooms"] = rooms;
        }

        return Create(claims);
    }

    /// <summary>An unsigned token (<c>"alg":"none"</c>) with the given payload.</summary>
    public static string Unsigned(object payload) =>
        Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "JWT" })) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload)) + ".";

    public static ConnectionMetadata Query(string token, string? name = null)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal) { ["access_token"] = token };
        if (name is not null)
        {
            query["name"] = name;
        }

        return ConnectionMetadata.FromQuery(query);
    }

    public static ConnectionMetadata Header(string value) =>
        ConnectionMetadata.Empty with { Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = value } };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
