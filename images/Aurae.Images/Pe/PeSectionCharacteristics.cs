namespace Aurae.Images.Pe;

/// <summary>Section flags (PE/COFF specification, section 3.1 "Section Flags"); only those this library uses or reports.</summary>
[Flags]
public enum PeSectionCharacteristics : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>IMAGE_SCN_CNT_CODE: the section contains executable code.</summary>
    ContainsCode = 0x0000_0020,

    /// <summary>IMAGE_SCN_CNT_INITIALIZED_DATA: the section contains initialized data.</summary>
    ContainsInitializedData = 0x0000_0040,

    /// <summary>IMAGE_SCN_CNT_UNINITIALIZED_DATA: the section contains uninitialized data.</summary>
    ContainsUninitializedData = 0x0000_0080,

    /// <summary>IMAGE_SCN_MEM_DISCARDABLE: the section can be discarded as needed.</summary>
    MemoryDiscardable = 0x0200_0000,

    /// <summary>IMAGE_SCN_MEM_EXECUTE: the section can be executed as code.</summary>
    MemoryExecute = 0x2000_0000,

    /// <summary>IMAGE_SCN_MEM_READ: the section can be read.</summary>
    MemoryRead = 0x4000_0000,

    /// <summary>IMAGE_SCN_MEM_WRITE: the section can be written to.</summary>
    MemoryWrite = 0x8000_0000,
}
