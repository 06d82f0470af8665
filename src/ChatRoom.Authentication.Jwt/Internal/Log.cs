using Microsoft.Extensions.Logging;

namespace ChatRoom.Authentication.Jwt.Internal;

/// <summary>The JWT authenticator's log messages. Never logs a token.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "A connection's token was refused: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string reason);
}
