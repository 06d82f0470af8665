using ChatRoom.Authentication.Jwt;
using Microsoft.Extensions.Configuration;

namespace ChatRoom.Samples.Lambda;

/// <summary>
/// Whether the function checks tokens on <c>$connect</c>: a non-empty <c>ChatRoom:Jwt:SigningKey</c> (the template's
/// <c>JwtSigningKey</c> parameter, passed as <c>ChatRoom__Jwt__SigningKey</c>) turns it on; without one the chat is anonymous.
/// </summary>
public static class JwtSettings
{
    /// <summary>Gets whether a signing key is configured.</summary>
    /// <param name="chatSection">The <c>ChatRoom</c> section.</param>
    /// <returns><see langword="true"/> when tokens are checked.</returns>
    public static bool TokensEnabled(IConfiguration chatSection)
    {
        ArgumentNullException.ThrowIfNull(chatSection);
        return !string.IsNullOrEmpty(chatSection.GetSection(JwtAuthenticationOptions.SectionName)[nameof(JwtAuthenticationOptions.SigningKey)]);
    }

    /// <summary>Gets whether a client without any token is refused.</summary>
    /// <param name="chatSection">The <c>ChatRoom</c> section.</param>
    /// <returns><see langword="true"/> when tokens are checked and anonymous clients are not allowed.</returns>
    public static bool TokenRequired(IConfiguration chatSection) =>
        TokensEnabled(chatSection) && !chatSection.GetSection(JwtAuthenticationOptions.SectionName).GetValue<bool>(nameof(JwtAuthenticationOptions.AllowAnonymous));
}
