namespace ChatRoom.Authentication.Jwt;

/// <summary>
/// How <c>AddJwtAuthentication()</c> checks tokens. Bound from <c>ChatRoom:Jwt</c> in the samples
/// (e.g. the environment variable <c>ChatRoom__Jwt__SigningKey</c>).
/// </summary>
/// <remarks>
/// A token travels in the <c>access_token</c> query parameter (browsers cannot set headers on a WebSocket) or in an
/// <c>Authorization: Bearer</c> header. It must be an HMAC-signed JWT (HS256, HS384 or HS512) with <c>sub</c> and
/// <c>exp</c>; <c>name</c> (or <c>preferred_username</c>, else <c>sub</c>) becomes the display name, and the
/// <see cref="RoomsClaim"/> claim lists the private rooms it grants.
/// </remarks>
public sealed class JwtAuthenticationOptions
{
    /// <summary>The subsection of the <c>ChatRoom</c> section these options are bound from: <c>Jwt</c>.</summary>
    public const string SectionName = "Jwt";

    /// <summary>Gets or sets the HMAC secret tokens are signed with; at least 32 bytes of UTF-8. Required.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Gets or sets the issuer (<c>iss</c>) tokens must carry; empty accepts any issuer.</summary>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets the audience (<c>aud</c>) tokens must carry; empty accepts any audience.</summary>
    public string? Audience { get; set; }

    /// <summary>Gets or sets how far the issuer's clock may be off when checking <c>exp</c> and <c>nbf</c>. Default 1 minute, at most 10.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets whether a request without any token may still connect anonymously (picking its name with <c>name</c>).
    /// Default <see langword="false"/>: a token is required. A token that is present but invalid is refused either way.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets the claim that lists the private rooms a token grants: a JSON array or a space-separated string. Default <c>rooms</c>.</summary>
    public string RoomsClaim { get; set; } = "rooms";
}
