namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// Whether the chat checks tokens, from <c>ChatRoom:Jwt</c>: a configured <c>SigningKey</c> turns JwtBearer authentication on
/// (<c>AllowAnonymous</c> lets clients without a token in too); without one the chat runs in anonymous mode. Told to
/// the page in <see cref="PageConfig"/> so it knows whether to ask for a token.
/// </summary>
internal sealed record AuthMode(bool Tokens, bool TokenRequired)
{
    public static AuthMode From(JwtOptions jwt)
    {
        var tokens = !string.IsNullOrEmpty(jwt.SigningKey);
        return new AuthMode(tokens, tokens && !jwt.AllowAnonymous);
    }
}
