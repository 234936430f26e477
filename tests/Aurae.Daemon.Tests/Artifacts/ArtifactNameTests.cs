using Aurae.Contract.Names;
using Aurae.Daemon.Artifacts;

namespace Aurae.Daemon.Tests.Artifacts;

/// <summary>Names are file names in names/: [A-Za-z0-9_.-], 1 to 128 characters, not "." or "..".</summary>
public sealed class ArtifactNameTests
{
    private const string Sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    [InlineData("a")]
    [InlineData("busybox")]
    [InlineData("My_Tool-1.2.3")]
    [InlineData(".hidden")]
    [InlineData("...")]
    [InlineData("-")]
    [InlineData("_")]
    public void Valid_names(string name) => Assert.Null(ArtifactName.Validate(name));

    [Fact]
    public void Names_of_128_characters_are_valid_and_129_are_not()
    {
        Assert.Null(ArtifactName.Validate(new string('x', 128)));
        Assert.Contains("at most 128", ArtifactName.Validate(new string('x', 129)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(".", "not a valid artifact name")]
    [InlineData("..", "not a valid artifact name")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("/etc", "contains '/'")]
    [InlineData("../x", "contains '/'")]
    [InlineData("a b", "contains U+0020")]
    [InlineData("a\0b", "contains U+0000")]
    [InlineData("a\nb", "contains U+000A")]
    [InlineData("tool:1", "contains ':'")]
    [InlineData("naïve", "contains 'ï'")]
    [InlineData("a\\b", "contains '\\'")]
    public void Invalid_names_say_why(string name, string reason) =>
        Assert.Contains(reason, ArtifactName.Validate(name));

    [Theory]
    [InlineData(Sha, 0, null)]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", 0, "lowercase hex")]
    [InlineData("e3b0c442", 0, "lowercase hex")]
    [InlineData(Sha + "0", 0, "lowercase hex")]
    [InlineData("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0, "lowercase hex")]
    [InlineData("", 0, "lowercase hex")]
    [InlineData(Sha, -1, "negative")]
    public void Headers_need_a_lowercase_hex_sha256_and_a_size(string sha256, long size, string? reason)
    {
        var error = new ArtifactHeader("tool", sha256, size, Executable: false).Validate();

        if (reason is null)
            Assert.Null(error);
        else
            Assert.Contains(reason, error);
    }

    [Fact]
    public void A_header_with_a_bad_name_reports_the_name()
    {
        Assert.Contains("contains '/'", new ArtifactHeader("a/b", Sha, 0, false).Validate());
    }
}
