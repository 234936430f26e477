using Aurae.Composer.Configuration;

namespace Aurae.Composer.Tests.Configuration;

public sealed class BuildTimeTests
{
    [Fact]
    public void Value_MatchesTheEnvironment()
    {
        // Reads without mutating the process environment, which other tests share.
        Assert.Equal(BuildTime.FromEnvironment(), BuildTime.Value);
    }
}
