using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>Fails start-up when the longest message allowed could not fit the messenger's largest frame.</summary>
/// <remarks>Every reply is cut to fit the frame, but one message cannot be cut: the text limit has to agree with the frame limit.</remarks>
internal sealed class FrameBudgetValidator(IServiceProvider provider) : IValidateOptions<ChatRoomOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatRoomOptions options)
    {
        IConnectionMessenger? messenger;
        try
        {
            messenger = provider.GetService<IConnectionMessenger>();
        }
        catch (OptionsValidationException)
        {
            return ValidateOptionsResult.Success; // The messenger's own options are invalid; their validator says how.
        }

        if (messenger is null)
        {
            return ValidateOptionsResult.Success; // AdapterRegistrationValidator names the missing messenger.
        }

        var largest = FrameLimits.LargestMessageEvent(options.MaxMessageLength);
        var allowed = FrameLimits.LargestMessageEventAllowed(messenger.MaxFrameBytes);
        return largest <= allowed
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"ChatRoom:MaxMessageLength is {options.MaxMessageLength}: a message event may then take {largest} bytes, but the messenger " +
                $"({messenger.GetType().Name}) carries frames of at most {messenger.MaxFrameBytes} bytes, and a message must fit in a reply beside " +
                $"its member list ({allowed} bytes). Lower MaxMessageLength to {FrameLimits.LongestMessageAllowed(messenger.MaxFrameBytes)} or less, " +
                "or raise the messenger's frame limit.");
    }
}
