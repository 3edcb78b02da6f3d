return (((
