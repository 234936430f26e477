using Aurae.Images.Cpio;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Cpio;

public sealed class CpioTreeTests
{
    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public void MissingParents_AreCreatedWithMode0755()
    {
        var tree = new CpioTree();
        tree.Add(CpioEntry.File("usr/lib/modules/modules.dep", Mode644, ReadOnlyMemory<byte>.Empty));

        Assert.Equal(4, tree.Count);
        IReadOnlyList<CpioEntry> entries = tree.GetEntries();
        Assert.Equal(["usr", "usr/lib", "usr/lib/modules", "usr/lib/modules/modules.dep"], entries.Select(e => e.Path));
        Assert.All(entries.Take(3), e =>
        {
            Assert.Equal(CpioEntryType.Directory, e.EntryType);
            Assert.Equal(CpioTree.ImplicitDirectoryMode, e.Mode);
        });
        Assert.Equal((int)CpioTree.ImplicitDirectoryMode, Convert.ToInt32("755", 8));
    }

    [Fact]
    public void MissingParents_CarryTheTreesTime()
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var tree = new CpioTree(time);
        tree.Add(CpioEntry.File("etc/hostname", Mode644, ReadOnlyMemory<byte>.Empty));

        Assert.Equal(time, tree.GetEntries().Single(e => e.Path == "etc").ModificationTime);
        Assert.Equal(DateTimeOffset.UnixEpoch, new CpioTree().ImplicitDirectoryTime);
    }

    [Fact]
    public void ParentsPrecedeChildren_RegardlessOfInsertionOrder()
    {
        var tree = new CpioTree();
        tree.Add(CpioEntry.File("a-b", Mode644, ReadOnlyMemory<byte>.Empty));
        tree.Add(CpioEntry.File("a/z", Mode644, ReadOnlyMemory<byte>.Empty));
        tree.Add(CpioEntry.File("a/b/c", Mode644, ReadOnlyMemory<byte>.Empty));
        tree.Add(CpioEntry.Directory("a", Mode700));
        tree.Add(CpioEntry.File("a.txt", Mode644, ReadOnlyMemory<byte>.Empty));
        tree.Add(CpioEntry.File("B", Mode644, ReadOnlyMemory<byte>.Empty));

        // Component-wise ordinal: "a"'s subtree is contiguous and precedes "a-b" and "a.txt"; upper case first.
        Assert.Equal(["B", "a", "a/b", "a/b/c", "a/z", "a-b", "a.txt"], tree.GetEntries().Select(e => e.Path));
    }

    [Fact]
    public void ExplicitDirectory_ReplacesImplicitParent()
    {
        var tree = new CpioTree();
        tree.Add(CpioEntry.File("root/.profile", Mode644, ReadOnlyMemory<byte>.Empty));
        tree.Add(CpioEntry.Directory("root", Mode700) with { Uid = 0 });

        CpioEntry root = tree.GetEntries()[0];
        Assert.Equal(("root", Mode700), (root.Path, root.Mode));
        Assert.Equal(2, tree.Count);
    }

    [Fact]
    public void DuplicatePath_IsRejected()
    {
        var tree = new CpioTree();
        tree.Add(CpioEntry.File("etc/hostname", Mode644, "a"u8.ToArray()));

        var exception = Assert.Throws<ArgumentException>(() => tree.Add(CpioEntry.File("etc/hostname", Mode644, "b"u8.ToArray())));
        Assert.Contains("Duplicate cpio path 'etc/hostname'", exception.Message);
    }

    [Fact]
    public void DuplicateExplicitDirectory_IsRejected()
    {
        var tree = new CpioTree();
        tree.Add(CpioEntry.Directory("etc", Mode644));
        Assert.Throws<ArgumentException>(() => tree.Add(CpioEntry.Directory("etc", Mode644)));
    }

    [Fact]
    public void FileOverImplicitDirectory_IsRejected()
    {
        var tree = new CpioTree();
        tree.Add(CpioEntry.File("etc/hostname", Mode644, ReadOnlyMemory<byte>.Empty));
        var exception = Assert.Throws<ArgumentException>(() => tree.Add(CpioEntry.File("etc", Mode644, ReadOnlyMemory<byte>.Empty)));
        Assert.Contains("parent directory", exception.Message);
    }

    [Fact]
    public void ChildOfNonDirectory_IsRejected()
    {
        var tree = new CpioTree();
        tree.Add(CpioEntry.SymbolicLink("lib", "usr/lib"));
        var exception = Assert.Throws<ArgumentException>(() => tree.Add(CpioEntry.File("lib/libc.so", Mode644, ReadOnlyMemory<byte>.Empty)));
        Assert.Contains("parent 'lib' is not a directory", exception.Message);
    }

    [Fact]
    public async Task WriteTo_EmitsSortedEntries_SyncAndAsyncIdentical()
    {
        var tree = new CpioTree();
        tree.Add(CpioEntry.CharacterDevice("dev/console", Mode644, 5, 1));
        tree.Add(CpioEntry.File("init", (UnixFileMode)0x1ED, "#!/bin/sh\n"u8.ToArray()));
        tree.Add(CpioEntry.SymbolicLink("bin/sh", "busybox"));

        using var sync = new MemoryStream();
        using (var writer = new CpioWriter(sync, leaveOpen: true))
        {
            tree.WriteTo(writer);
        }

        using var async = new MemoryStream();
        await using (var writer = new CpioWriter(async, leaveOpen: true))
        {
            await tree.WriteToAsync(writer);
        }

        Assert.Equal(sync.ToArray(), async.ToArray());
        Assert.Equal(["bin", "bin/sh", "dev", "dev/console", "init", "TRAILER!!!"], NewcReader.Parse(sync.ToArray()).Select(r => r.Name));
    }
}
