using System.Text;
using ChatRoom.Aws.Internal;

namespace ChatRoom.Aws.Tests.ApiGateway;

public sealed class InvocationScopeTests
{
    [Theory]
    [InlineData("{\"type\":\"message\",\"room\":\"general\",\"seq\":42,\"id\":\"x\",\"sender\":{\"connectionId\":\"c\"},\"text\":\"secret\"}", "message general#42")]
    [InlineData("{\"sender\":{\"seq\":3},\"type\":\"typing\",\"room\":\"general\"}", "typing general")]
    [InlineData("{\"type\":\"error\",\"code\":\"rate_limited\"}", "error")]
    [InlineData("not json", "frame")]
    public void Describe_Frame_NamesTypeRoomAndSeqOnly(string frame, string expected)
    {
        Assert.Equal(expected, InvocationScope.Describe(Encoding.UTF8.GetBytes(frame)));
    }
}
