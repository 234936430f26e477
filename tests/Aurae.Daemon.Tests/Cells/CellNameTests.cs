using Aurae.Daemon.Cells;
using Aurae.Daemon.Tests.Hosting;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Cells;

public sealed class CellNameTests
{
    [Theory]
    [InlineData("web")]
    [InlineData("a")]
    [InlineData("a/b")]
    [InlineData("web-1_x.y")]
    [InlineData("0/1/2/3/4/5/6/7")]
    [InlineData("my.cpu.cell")]
    public void Accepts_valid_names(string text)
    {
        var name = CellName.Parse(text);
        Assert.Equal(text, name.Value);
        Assert.Equal(text.Split('/'), name.Parts);
    }

    [Fact]
    public void Accepts_the_longest_part_and_the_longest_name()
    {
        var part = new string('p', 64);
        Assert.Equal(part, CellName.Parse(part).Value);
        // 3 parts of 64 + one of 60 + 3 slashes = 255.
        var longest = string.Join('/', part, part, part, new string('q', 60));
        Assert.Equal(255, longest.Length);
        Assert.Equal(4, CellName.Parse(longest).Depth);
    }

    [Theory]
    [InlineData("", "a cell name is required")]
    [InlineData("Web", "'Web' has 'W'")]
    [InlineData("a/B", "part 'B' of 'a/B' has 'B'")]
    [InlineData("a b", "has character U+0020")]
    [InlineData("a\nb", "has character U+000A")]
    [InlineData("/a", "must not start or end with '/'")]
    [InlineData("a/", "must not start or end with '/'")]
    [InlineData("a//b", "has an empty part")]
    [InlineData(".", "'.' must not start with '.'")]
    [InlineData("a/..", "part '..' of 'a/..' must not start with '.'")]
    [InlineData(".hidden", "must not start with '.'")]
    [InlineData("a/b/c/d/e/f/g/h/i", "nests 9 levels; at most 8")]
    [InlineData("cgroup.procs", "reserved for cgroupfs interface files")]
    [InlineData("a/memory.max", "part 'memory.max' of 'a/memory.max' starts with 'memory.'")]
    [InlineData("ä", "has 'ä'")]
    public void Rejects_invalid_names_naming_the_bad_part(string text, string expected)
    {
        var error = Assert.Throws<RpcException>(() => ApiEdge.Call(() => CellName.Parse(text)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("cell.name: ", error.Status.Detail);
        Assert.Contains(expected, error.Status.Detail);
    }

    [Fact]
    public void Rejects_over_long_parts_and_names()
    {
        var part = Assert.Throws<RpcException>(() => ApiEdge.Call(() => CellName.Parse("a/" + new string('x', 65))));
        Assert.Contains("is 65 characters; at most 64", part.Status.Detail);
        var whole = Assert.Throws<RpcException>(() => ApiEdge.Call(() => CellName.Parse(string.Join('/', Enumerable.Repeat(new string('x', 60), 5)))));
        Assert.Contains("is 304 characters; at most 255", whole.Status.Detail);
    }

    [Fact]
    public void Names_the_field_it_was_given()
    {
        var error = Assert.Throws<RpcException>(() => ApiEdge.Call(() => CellName.Parse("A", "cell_name")));
        Assert.StartsWith("cell_name: ", error.Status.Detail);
    }

    [Fact]
    public void Knows_parent_leaf_and_descent()
    {
        var name = CellName.Parse("a/b/c");
        Assert.Equal("c", name.Leaf);
        Assert.Equal(CellName.Parse("a/b"), name.Parent);
        Assert.Equal(CellName.Parse("a"), name.Parent!.Parent);
        Assert.Null(CellName.Parse("a").Parent);
        Assert.True(name.IsDescendantOf(CellName.Parse("a")));
        Assert.False(CellName.Parse("ab/c").IsDescendantOf(CellName.Parse("a")));
        Assert.False(name.IsDescendantOf(name));
    }
}
