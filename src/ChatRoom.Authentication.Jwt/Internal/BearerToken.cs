namespace ChatRoom.Authentication.Jwt.Internal;

/// <summary>Finds a bearer token in a connection request: the <c>Authorization: Bearer</c> header first, else the <c>access_token</c> query parameter.</summary>
internal static class BearerToken
{
    public const string QueryParameter = "access_token";
    private const string Scheme = "Bearer ";

    /// <summary>Returns the token, or <see langword="null"/> when the request carries none.</summary>
    /// <param name="metadata">The request.</param>
    /// <param name="malformed">Set when an <c>Authorization</c> header is present but is not a bearer token.</param>
    public static string? Find(ConnectionMetadata metadata, out bool malformed)
    {
        malformed = false;
        if (metadata.Headers.TryGetValue("Authorization", out var header) && !string.IsNullOrWhiteSpace(header))
        {
            var value = header.Trim();
            if (value.Length > Scheme.Length && value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return value[Scheme.Length..].Trim();
            }

            malformed = true;
            return null;
        }

        return metadata.QueryParameters.TryGetValue(QueryParameter, out var query) && !string.IsNullOrWhiteSpace(query)
            ? query.Trim()
            : null;
    }
}
