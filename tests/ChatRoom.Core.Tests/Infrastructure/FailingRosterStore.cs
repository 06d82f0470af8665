using System.Runtime.CompilerServices;

namespace ChatRoom.Core.Tests;

/// <summary>A connection store whose next roster read throws an unexpected exception when <c>failNext</c> is set.</summary>
public sealed class FailingRosterStore(IConnectionStore inner, StrongBox<bool> failNext) : ConnectionStoreDecorator(inner)
{
    public override Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        if (failNext.Value)
        {
            failNext.Value = false;
            throw new InvalidOperationException("A roster read that breaks in an unexpected way.");
        }

        return base.GetMembersAsync(room, continuationToken, pageSize, cancellationToken);
    }
}
