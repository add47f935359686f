-- CreateTable
CREATE TABLE "DisclosureQuestionLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "DisclosureQuestionLimit_pkey" PRIMARY KEY ("key")
);
