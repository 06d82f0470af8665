using System.Text;

namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// The sample's token settings, bound from <c>ChatRoom:Jwt</c> (e.g. the environment variable
/// <c>ChatRoom__Jwt__SigningKey</c>): ASP.NET Core's JwtBearer checks HMAC-signed tokens with them.
/// </summary>
internal sealed class JwtOptions
{
    /// <summary>The subsection of <c>ChatRoom</c> bound: <c>Jwt</c>.</summary>
    public const string SectionName = "Jwt";

    /// <summary>The shortest HMAC secret accepted, in UTF-8 bytes (256 bits, as HS256 needs).</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>The largest <see cref="ClockSkew"/> accepted.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the HMAC secret tokens are signed with; at least 32 bytes of UTF-8. Setting it turns tokens on.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Gets or sets the issuer (<c>iss</c>) tokens must carry; empty accepts any issuer.</summary>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets the audience (<c>aud</c>) tokens must carry; empty accepts any audience.</summary>
    public string? Audience { get; set; }

    /// <summary>Gets or sets how far the issuer's clock may be off when checking <c>exp</c> and <c>nbf</c>. Default 1 minute, at most 10.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets whether a request without any token may still connect anonymously. Default <see langword="false"/>; an invalid token is refused either way.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets the claim that lists the private rooms a token grants: a JSON array or a space-separated string. Default <c>rooms</c>.</summary>
    public string RoomsClaim { get; set; } = "rooms";

    /// <summary>Whether <see cref="SigningKey"/> is long enough to sign with.</summary>
    public bool HasUsableSigningKey => !string.IsNullOrEmpty(SigningKey) && Encoding.UTF8.GetByteCount(SigningKey) >= MinSigningKeyBytes;
}
