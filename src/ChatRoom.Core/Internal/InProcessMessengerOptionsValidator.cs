using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>Checks the in-process messenger's frame limit at start-up.</summary>
internal sealed class InProcessMessengerOptionsValidator : IValidateOptions<InProcessMessengerOptions>
{
    public ValidateOptionsResult Validate(string? name, InProcessMessengerOptions options) =>
        options.MaxFrameBytes is >= InProcessMessengerOptions.MinFrameBytes and <= 16 * 1024 * 1024
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"ChatRoom:WebSocket:MaxOutboundFrameBytes is {options.MaxFrameBytes}; it must be between {InProcessMessengerOptions.MinFrameBytes} and 16777216.");
}
