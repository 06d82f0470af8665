using ChatRoom.Authentication.Jwt;
using Microsoft.Extensions.Configuration;

namespace ChatRoom.Samples.Lambda;

/// <summary>
/// Whether the function checks tokens on <c>$connect</c>, and where its key comes from: a non-empty
/// <c>ChatRoom:Jwt:SigningKeyParameter</c> (the template's <c>JwtSigningKeyParameter</c>, an SSM SecureString) or
/// <c>ChatRoom:Jwt:SigningKey</c> (the template's <c>JwtSigningKey</c>, a plain environment variable) turns it on;
/// without either the chat is anonymous.
/// </summary>
public static class JwtSettings
{
    /// <summary>The setting, under <c>ChatRoom:Jwt</c>, that names the SSM parameter holding the key: <c>SigningKeyParameter</c>.</summary>
    public const string SigningKeyParameterName = "SigningKeyParameter";

    /// <summary>Gets whether a signing key, or the SSM parameter holding one, is configured.</summary>
    /// <param name="chatSection">The <c>ChatRoom</c> section.</param>
    /// <returns><see langword="true"/> when tokens are checked.</returns>
    public static bool TokensEnabled(IConfiguration chatSection) =>
        !string.IsNullOrEmpty(SigningKey(chatSection)) || !string.IsNullOrEmpty(SigningKeyParameter(chatSection));

    /// <summary>Gets the name of the SSM parameter that holds the signing key, if one is configured.</summary>
    /// <param name="chatSection">The <c>ChatRoom</c> section.</param>
    /// <returns>The parameter's name, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">Both the key and the parameter are set.</exception>
    public static string? SigningKeyParameter(IConfiguration chatSection)
    {
        ArgumentNullException.ThrowIfNull(chatSection);
        var name = chatSection.GetSection(JwtAuthenticationOptions.SectionName)[SigningKeyParameterName];
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(SigningKey(chatSection)))
        {
            throw new InvalidOperationException(
                "Both ChatRoom:Jwt:SigningKey and ChatRoom:Jwt:SigningKeyParameter are set: give the key one way, preferably the SSM parameter (the template's JwtSigningKeyParameter).");
        }

        return name;
    }

    private static string? SigningKey(IConfiguration chatSection)
    {
        ArgumentNullException.ThrowIfNull(chatSection);
        return chatSection.GetSection(JwtAuthenticationOptions.SectionName)[nameof(JwtAuthenticationOptions.SigningKey)];
    }

    /// <summary>Gets whether a client without any token is refused.</summary>
    /// <param name="chatSection">The <c>ChatRoom</c> section.</param>
    /// <returns><see langword="true"/> when tokens are checked and anonymous clients are not allowed.</returns>
    public static bool TokenRequired(IConfiguration chatSection) =>
        TokensEnabled(chatSection) && !chatSection.GetSection(JwtAuthenticationOptions.SectionName).GetValue<bool>(nameof(JwtAuthenticationOptions.AllowAnonymous));
}
