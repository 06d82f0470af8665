namespace ChatRoom.Samples.AspNetCore;

/// <summary>The sample's own log messages.</summary>
internal static partial class SampleLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "No ChatRoom:Jwt:SigningKey is configured: the chat runs in anonymous mode and clients pick their own names. Set ChatRoom__Jwt__SigningKey to require signed tokens.")]
    public static partial void AnonymousMode(ILogger logger);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "The chat checks signed tokens (JWT, access_token or Authorization: Bearer); anonymous clients are {Anonymous}.")]
    public static partial void TokenMode(ILogger logger, string anonymous);
}
