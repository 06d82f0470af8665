using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>Fails start-up with a message naming the call to make when no adapter provides a port.</summary>
internal sealed class AdapterRegistrationValidator(IServiceProvider provider) : IValidateOptions<ChatRoomOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatRoomOptions options)
    {
        var missing = FindMissing(provider);
        return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(missing);
    }

    public static void ThrowIfMissing(IServiceProvider provider)
    {
        var missing = FindMissing(provider);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", missing));
        }
    }

    private static List<string> FindMissing(IServiceProvider provider)
    {
        var registered = provider.GetRequiredService<IServiceProviderIsService>();
        var missing = new List<string>();
        if (!registered.IsService(typeof(IConnectionStore)))
        {
            missing.Add("No IConnectionStore is registered: call .AddInMemory() (or .AddDynamoDb(...) from ChatRoom.Aws) on the builder that AddChatRoom() returns.");
        }

        if (!registered.IsService(typeof(IMessageStore)))
        {
            missing.Add("No IMessageStore is registered: call .AddInMemory() (or .AddDynamoDb(...) from ChatRoom.Aws) on the builder that AddChatRoom() returns.");
        }

        return missing;
    }
}
